# Thin entry points; the logic lives in `python -m zjbook`.
DEFAULT_YEAR := 2014
YEAR ?= $(DEFAULT_YEAR)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Every value a user gives (YEAR=, FILE=, SOURCE=, KEY=, PORT=, LANGS= …) reaches the program as ONE argument,
# exactly as typed: taken unexpanded ($(value …), so make runs nothing written in it), single-quoted for the
# shell with its own single quotes escaped, and passed as --option=value (a value starting with "-" stays a
# value). python -m zjbook then checks it and refuses a bad one in one line.
# A value with a line break would split the shell command: refused by make itself, in one line.
define newline


endef
given = $(if $(findstring $(newline),$(value $(1))),$(error $(1) 的值含换行：每个值只能写在一行里))$(if \
	$(filter command% environment%,$(origin $(1))),$(value $(1)),$($(1)))
arg = '$(subst ','\'',$(call given,$(1)))'

.PHONY: book test check lint validate bench new-year workbook import-workbook pdf screenshots browser setup font clean help extract confirm release books normalize serve

help:
	@echo "make book [YEAR=2014] [LANGS=zh|en] [FORCE=1] [NO_CACHE=1] [WAIT=1]  构建中文版 _build/<year>/html/ 与英文版 html/en/（LANGS 只建一种语言；FORCE=1 输入未变也重建；NO_CACHE=1 不用缓存；WAIT=1 排队等待同年份的构建）"
	@echo "make test               运行全部测试（代码检查，再并行运行全部测试，含浏览器、链接、搜索、PDF 与无障碍测试）"
	@echo "make check              编辑时的快速检查（约一分钟）：ruff、mypy、import-linter 与不构建整本书的测试"
	@echo "make pdf [YEAR=…] [LANGS=…]  每种语言一本 A4 PDF → _build/<year>/pdf/"
	@echo "make screenshots [YEAR=…]  每页截图 → _build/<year>/screenshots/"
	@echo "make validate [YEAR=…]  校验数据，一次列出全部问题及改法"
	@echo "make normalize YEAR=…   把该年的 CSV 改写为规范格式（UTF-8、LF、半角数字；可转换 Excel 的 GBK 文件）"
	@echo "make serve [YEAR=…] [PORT=8000] [LANGS=en]  本地实时预览 http://127.0.0.1:PORT/ ：改数据、笔记本或页面后自动重建并刷新"
	@echo "make new-year YEAR=2015 [FROM=2014]  由已有年份复制出新年份的数据文件夹"
	@echo "make workbook [YEAR=…]  把该年数据写成 Excel 工作簿 → _build/<year>/data-<year>.xlsx"
	@echo "make import-workbook YEAR=… FILE=…  校验工作簿，全部通过才替换 data/<year>/ 的 CSV 文件"
	@echo "make extract YEAR=2015 SOURCE=<报告文本> [FROM=2014]  由报告文本起草新年份的数据，清单 → _build/<year>/extract-review.md"
	@echo "make confirm YEAR=2015 FILE=themes.csv [KEY=…]  确认已核对的文字行（ALL=1 确认新文本提到的全部；KEEP=理由 逐行保留未提到的；NOT_REPORTED=原因 标为本年未报告；SOURCE=文本 按各行现在的内容重新核对；WARNING=代码 确认警告）"
	@echo "make release YEAR=2015 [LANGS=zh]  与 make book 相同，但草稿（有待核对或待确认的内容）或英文译文不齐时拒绝发布"
	@echo "make books              构建 data/ 下的全部版本与版本索引（新增或改动任一年份后运行）"
	@echo "make bench              测量构建耗时，写入 _build/bench.json"
	@echo "make clean              删除 _build/"

# pip runs only when a pin of requirements.txt is not installed as pinned (zjbook/installed.py: a new clone beside a
# venv that has everything takes 0.2 s, not pip's 5); the checkout is installed without a build environment of its
# own (setuptools and wheel, which it needs, are pinned in requirements.txt).
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m zjbook.installed requirements.txt || $(PY) -m pip install -qq --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -qq --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(STAMP) font

font: $(STAMP)
	@$(PY) -m zjbook ensure-font

validate: $(STAMP)
	@$(PY) -m zjbook validate --year=$(call arg,YEAR)

# FORCE=1 rebuilds even when nothing changed; NO_CACHE=1 executes every notebook afresh;
# WAIT=1 queues behind a running build of the same year.
# LANGS=zh (or en) builds one language; the default builds them all (Chinese in html/, English in html/en/).
BUILD_FLAGS = $(if $(call given,FORCE),--force) $(if $(call given,NO_CACHE),--no-cache) \
	$(if $(call given,WAIT),--wait) $(if $(call given,LANGS),--langs=$(call arg,LANGS))
normalize: $(STAMP)
	@$(PY) -m zjbook normalize --year=$(call arg,YEAR)

book: setup
	@$(PY) -m zjbook build --year=$(call arg,YEAR) $(BUILD_FLAGS)

PORT ?= 8000
serve: setup
	@$(PY) -m zjbook serve --year=$(call arg,YEAR) --port=$(call arg,PORT) $(if $(call given,LANGS),--lang=$(call arg,LANGS))

FROM ?= $(DEFAULT_YEAR)
new-year: $(STAMP)
	@$(PY) -m zjbook new-year --year=$(call arg,YEAR) --from=$(call arg,FROM)

workbook: $(STAMP)
	@$(PY) -m zjbook workbook --year=$(call arg,YEAR)

import-workbook: $(STAMP)
	@$(if $(call given,FILE),,echo "请用 FILE=… 指定要导入的工作簿（.xlsx）" >&2; exit 1)
	@$(PY) -m zjbook import-workbook --year=$(call arg,YEAR) --file=$(call arg,FILE)
extract: $(STAMP)
	@$(if $(call given,SOURCE),,echo "请给出报告文本：make extract YEAR=<新年份> SOURCE=<文本文件> [FROM=<已有年份>]" >&2; exit 1)
	@$(PY) -m zjbook extract --year=$(call arg,YEAR) --source=$(call arg,SOURCE) --from=$(call arg,FROM)
confirm: $(STAMP)
	@$(PY) -m zjbook confirm --year=$(call arg,YEAR) $(if $(call given,FILE),--file=$(call arg,FILE)) $(if $(call given,KEY),--key=$(call arg,KEY)) \
		$(if $(call given,WARNING),--warning=$(call arg,WARNING)) $(if $(call given,ALL),--all) $(if $(call given,NOTE),--note=$(call arg,NOTE)) \
		$(if $(call given,KEEP),--keep=$(call arg,KEEP)) $(if $(call given,NOT_REPORTED),--not-reported=$(call arg,NOT_REPORTED)) $(if $(call given,SOURCE),--source=$(call arg,SOURCE))

release: setup
	@$(PY) -m zjbook release --year=$(call arg,YEAR) $(if $(call given,LANGS),--langs=$(call arg,LANGS))

books: setup
	@$(PY) -m zjbook books $(if $(call given,LANGS),--langs=$(call arg,LANGS))

bench: setup
	@$(PY) -m zjbook bench --year=$(call arg,YEAR)

AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

browser: $(STAMP) $(AXE)
	@$(PY) -m zjbook ensure-browser

screenshots: browser
	@$(PY) -m zjbook screenshots --year=$(call arg,YEAR)

pdf: setup
	@$(PY) -m zjbook pdf --year=$(call arg,YEAR) $(if $(call given,LANGS),--langs=$(call arg,LANGS))

# Code health: lint and format (ruff), types (mypy), one-way layers (import-linter).
lint: $(STAMP)
	$(VENV)/bin/ruff check zjbook tests
	$(VENV)/bin/ruff format --check zjbook tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

# The edit loop: code health and every test that builds no book, runs no browser and no server.
check: setup lint
	$(PY) -m pytest -n 2 --dist loadgroup -q -m "not slow"

# Everything; the tests run on two workers (whole-book builds are shared between them). The code-health checks
# (mostly mypy, on one core) run beside the tests' start instead of before it; their output follows the tests',
# and either failing fails the target (an interruption stops both). The helper package is compiled first: the
# hundred-odd Python processes the tests start then read its bytecode instead of each compiling it (0.15 s each)
# where PYTHONDONTWRITEBYTECODE is set (a syntax error is left for the tests to report).
test: setup browser
	@$(PY) -m compileall -q zjbook > /dev/null || true; \
	log=$$(mktemp); $(MAKE) --no-print-directory lint > $$log 2>&1 & linting=$$!; \
	trap 'kill $$linting 2>/dev/null; rm -f $$log; exit 130' INT TERM; \
	$(PY) -m pytest -n 2 --dist loadgroup; tested=$$?; \
	wait $$linting; linted=$$?; cat $$log; rm -f $$log; \
	if [ $$linted -ne 0 ]; then echo "make lint 失败（见上）" >&2; fi; \
	[ $$tested -eq 0 ] && [ $$linted -eq 0 ]

clean:
	rm -rf _build

# (At the end: unexporting a variable not yet set would define it empty and defeat its ?= default.)
# make would otherwise export a variable given on its command line to every recipe's environment,
# expanding it on the way (a $(shell …) in it would run): these are passed only as arguments.
unexport ALL FILE FORCE FROM JOBS KEEP KEY LANGS NOTE NOT_REPORTED NO_CACHE PORT SOURCE WAIT WARNING YEAR
