"""Reading the 说明 editor's pages as a browser without JavaScript would: the form's fields, the
textarea's text, and the highlighted figures of the text checks."""

from html.parser import HTMLParser


class NarrativePage(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = {}  # hidden inputs of form.narrative-edit
        self.body = None  # the textarea's text
        self.body_readonly = False
        self.draft = None  # the no-JS draft shown below
        self.marks = []  # (id, class, text) of mark.text-finding in the preview
        self._in_form = False
        self._in_preview = 0
        self._capture = None
        self._mark = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        css = attrs.get("class") or ""
        if tag == "form" and "narrative-edit" in css:
            self._in_form = True
        elif tag == "input" and self._in_form and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea" and self._in_form and attrs.get("name") == "body":
            self._capture, self.body = "body", ""
            self.body_readonly = "readonly" in attrs
        elif tag == "textarea" and "draft-text" in css:
            self._capture, self.draft = "draft", ""
        elif tag == "div" and "narrative-preview" in css and "narrative-theirs" not in css:
            self._in_preview += 1
        elif tag == "mark" and self._in_preview and "text-finding" in css:
            self._mark = [attrs.get("id", ""), css, ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._capture = None
        elif tag == "div" and self._in_preview:
            self._in_preview -= 1
        elif tag == "mark" and self._mark is not None:
            self.marks.append(tuple(self._mark))
            self._mark = None

    def handle_data(self, data):
        if self._capture == "body":
            self.body += data
        elif self._capture == "draft":
            self.draft += data
        if self._mark is not None:
            self._mark[2] += data


def read_page(html):
    page = NarrativePage()
    page.feed(html)
    page.close()
    # A browser drops the newline right after <textarea>; the template writes one for that reason.
    if page.body is not None and page.body.startswith("\n"):
        page.body = page.body[1:]
    if page.draft is not None and page.draft.startswith("\n"):
        page.draft = page.draft[1:]
    return page
