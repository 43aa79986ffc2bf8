"""Sphinx's templates kept compiled (zjbook/site/sphinx_ext.py): taken back as compiled, never across settings that
change the compiled code, and never for a template whose source changed."""

from __future__ import annotations

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from zjbook.site.sphinx_ext import keep_compiled_templates

TEMPLATES = {"page.html": "{{ title|upper }} · {% trans %}Contents{% endtrans %}"}


def environment(templates=TEMPLATES, **options) -> jinja2.Environment:
    env = SandboxedEnvironment(loader=jinja2.DictLoader(dict(templates)), extensions=["jinja2.ext.i18n"], **options)
    env.install_null_translations()
    return env


def test_a_template_is_compiled_once_and_then_taken_from_the_cache(tmp_path, monkeypatch):
    folder = keep_compiled_templates(environment(), tmp_path)
    assert environment().get_template("page.html").render(title="zj") == "ZJ · Contents"  # (no cache here)
    first = environment()
    assert keep_compiled_templates(first, tmp_path) == folder
    assert first.get_template("page.html").render(title="zj") == "ZJ · Contents"
    [kept] = folder.iterdir()

    again = environment()
    keep_compiled_templates(again, tmp_path)
    monkeypatch.setattr(again, "compile", None)  # compiling now would fail
    assert again.get_template("page.html").render(title="zj") == "ZJ · Contents"

    changed = environment({"page.html": "{{ title }}!"})  # another source: compiled again, never the kept code
    keep_compiled_templates(changed, tmp_path)
    assert changed.get_template("page.html").render(title="zj") == "zj!"
    assert kept.exists()


def test_settings_that_change_the_compiled_code_have_folders_of_their_own(tmp_path):
    plain = keep_compiled_templates(environment(), tmp_path)
    assert keep_compiled_templates(environment(trim_blocks=True), tmp_path) != plain
    assert keep_compiled_templates(environment(autoescape=True), tmp_path) != plain
    passes_context = environment()
    passes_context.filters["upper"] = jinja2.pass_context(lambda context, value: value.upper())
    assert keep_compiled_templates(passes_context, tmp_path) != plain
    assert keep_compiled_templates(environment(), tmp_path) == plain
