"""Small HTML checks for the rendered pages: labels, table header scope, inline code (CSP)."""
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.inline_scripts = 0
        self._in_script_without_src = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        self._in_script_without_src = tag == "script" and "src" not in attributes

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script_without_src = False

    def handle_data(self, data):
        if self._in_script_without_src and data.strip():
            self.inline_scripts += 1


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def inline_code(html: str) -> list[str]:
    """Everything a CSP of style-src 'self'; script-src 'self' would block."""
    page = parse(html)
    problems = [f"<{tag} style=…>" for tag, attrs in page.elements if "style" in attrs]
    problems += [f"<{tag} {name}=…>" for tag, attrs in page.elements for name in attrs if name.startswith("on")]
    problems += ["<style> element" for tag, _ in page.elements if tag == "style"]
    problems += ["inline <script>"] * page.inline_scripts
    problems += [f"<{tag} href=javascript:…>" for tag, attrs in page.elements
                 if (attrs.get("href") or "").startswith("javascript:")]
    return problems


def unlabelled_fields(html: str) -> list[str]:
    """Visible inputs, selects and textareas without a <label for=…>, aria-label or aria-labelledby."""
    page = parse(html)
    labelled = {attrs.get("for") for tag, attrs in page.elements if tag == "label"}
    missing = []
    for tag, attrs in page.elements:
        if tag not in ("input", "select", "textarea") or attrs.get("type") in ("hidden", "submit"):
            continue
        if attrs.get("id") in labelled or attrs.get("aria-label") or attrs.get("aria-labelledby"):
            continue
        missing.append(f"<{tag} name={attrs.get('name')}>")
    return missing


def header_cells_without_scope(html: str) -> int:
    return sum(1 for tag, attrs in parse(html).elements if tag == "th" and not attrs.get("scope"))


def element_ids(html: str) -> set[str]:
    return {attrs["id"] for _, attrs in parse(html).elements if attrs.get("id")}


def attrs_of(html: str, element_id: str) -> dict:
    for _, attrs in parse(html).elements:
        if attrs.get("id") == element_id:
            return attrs
    raise AssertionError(f"no element with id {element_id!r}")
