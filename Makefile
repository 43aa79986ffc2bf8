# Thin entry points; the logic lives in `python -m zjbook`.
DEFAULT_YEAR := 2014
YEAR ?= $(DEFAULT_YEAR)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: book test validate bench serve new-year pdf screenshots browser setup font clean help

help:
	@echo "make book [YEAR=2014] [NO_CACHE=1] [WAIT=1]  构建 _build/<year>/html/（NO_CACHE=1 不用缓存；WAIT=1 排队等待同年份的构建）"
	@echo "make test               运行全部测试（含浏览器、链接、搜索、PDF 与无障碍测试）"
	@echo "make pdf [YEAR=…]       构建整本书的 A4 PDF → _build/<year>/pdf/"
	@echo "make screenshots [YEAR=…]  每页截图 → _build/<year>/screenshots/"
	@echo "make validate [YEAR=…]  只校验数据"
	@echo "make serve [YEAR=…] [PORT=8000]  本地实时预览 http://127.0.0.1:PORT/ ：改数据、笔记本或页面后自动重建并刷新"
	@echo "make new-year YEAR=2015 [FROM=2014]  由已有年份复制出新年份的数据文件夹"
	@echo "make bench              测量构建耗时，写入 _build/bench.json"
	@echo "make clean              删除 _build/"

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -qq --disable-pip-version-check --no-deps -e .
	touch $@

setup: $(STAMP) font

font: $(STAMP)
	@$(PY) -m zjbook ensure-font

validate: $(STAMP)
	@$(PY) -m zjbook validate --year $(YEAR)

# NO_CACHE=1 executes every notebook afresh; WAIT=1 queues behind a running build of the same year.
BUILD_FLAGS = $(if $(NO_CACHE),--no-cache) $(if $(WAIT),--wait)

book: setup
	@$(PY) -m zjbook build --year $(YEAR) $(BUILD_FLAGS)

PORT ?= 8000
serve: setup
	@$(PY) -m zjbook serve --year $(YEAR) --port $(PORT)

FROM ?= $(DEFAULT_YEAR)
new-year: $(STAMP)
	@$(PY) -m zjbook new-year --year $(YEAR) --from $(FROM)

bench: setup
	@$(PY) -m zjbook bench --year $(YEAR)

AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

browser: $(STAMP) $(AXE)
	@$(PY) -m zjbook ensure-browser

screenshots: browser
	@$(PY) -m zjbook screenshots --year $(YEAR)

pdf: setup
	@$(PY) -m zjbook pdf --year $(YEAR)

test: setup browser
	$(PY) -m pytest

clean:
	rm -rf _build
