package geo

import "testing"

func TestPlainText(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"no markup":          {"Strike at Baghdad airport", "Strike at Baghdad airport"},
		"comparison":         {"a < b and 3<4", "a < b and 3<4"},
		"img":                {`<img src=x onerror=alert(1)>`, `< img src=x onerror=alert(1)>`},
		"end tag":            {`</title><script>`, `< /title>< script>`},
		"comment":            {`<!-- x -->`, `< !-- x -->`},
		"processing":         {`<?xml?>`, `< ?xml?>`},
		"trailing <":         {"x <", "x <"},
		"entities unchanged": {"AT&T &lt;b&gt;", "AT&T &lt;b&gt;"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := plainText(tc.in); got != tc.want {
				t.Errorf("plainText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestHTMLText(t *testing.T) {
	got := htmlText("S <img src=x onerror=alert(\"1\")> & more\nline two")
	want := "S &lt;img src=x onerror=alert(&#34;1&#34;)&gt; &amp; more<br>\nline two"
	if got != want {
		t.Errorf("htmlText = %q, want %q", got, want)
	}
}
