from django import forms
from django.core.exceptions import ValidationError

from articles.fetch import FetchError, fetch_url
from articles.text import TextImportError, read_article_file


class ImportForm(forms.Form):
    """Paste text, upload a .txt/.html file or give a URL; the first one given is used."""

    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        label="Paste the article",
    )
    file = forms.FileField(required=False, label="or upload a .txt or .html file")
    url = forms.URLField(
        required=False, max_length=2000, assume_scheme="https", label="or give its web address"
    )
    title = forms.CharField(
        required=False, max_length=500, help_text="Leave empty to use the title found in the text."
    )
    outlet = forms.CharField(required=False, max_length=200, help_text="Publisher; created if new.")
    published_on = forms.DateField(
        required=False, label="Published on", widget=forms.DateInput(attrs={"type": "date"})
    )
    byline = forms.CharField(required=False, max_length=300, label="Author")
    # The preview's signed note of the page its text was extracted from (articles.views).
    page = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        upload, url, text = data.get("file"), data.get("url"), data.get("text") or ""
        data["is_html"] = None
        if text.strip():
            data["content"] = text
        elif upload:
            try:
                data["content"], data["is_html"] = read_article_file(upload)
            except TextImportError as exc:
                raise ValidationError({"file": str(exc)}) from None
        elif url:
            try:
                data["content"], data["is_html"] = fetch_url(url)
            except FetchError as exc:
                raise ValidationError({"url": str(exc)}) from None
        else:
            raise ValidationError("Paste the text, upload a file or give a web address.")
        return data
