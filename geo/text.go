package geo

import (
	"html"
	"strings"
)

// Text from a dataset is anyone's: a title may hold `<img src=x
// onerror=…>`. The export formats keep it text, each in its own way.

// htmlText makes plain text into HTML that shows it as it is: KML's
// description is HTML, and Google Earth renders it in its balloons, so
// markup in a dataset's text would run there. Escaping (which go-kml then
// escapes again for XML) makes the balloon show the text literally; line
// breaks become <br>, since HTML would fold them.
func htmlText(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "\n", "<br>\n")
}

// plainText defuses markup in text that a format defines as plain but that
// some viewers put into a page as HTML (GPX's name and desc, KML's name and
// ExtendedData values): a "<" that would open a tag, comment or declaration
// (one followed by a letter, "/", "!" or "?") is followed by a space, which
// an HTML parser reads as text. The text is otherwise left alone, so viewers
// that treat it as text show it nearly unchanged, and "a < b" not at all.
func plainText(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] == '<' && i+1 < len(s) && opensTag(s[i+1]) {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// opensTag reports whether c after a "<" starts markup in HTML's tokenizer.
func opensTag(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?'
}
