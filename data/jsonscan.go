package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// These helpers walk JSON that jsontext has already read whole and checked
// (syntax, UTF-8, no duplicate names), or that this package wrote itself:
// the loader's workers need no second validating parse, only a fast walk.

// valueEnd returns the index just past the value that starts at b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	default:
		for ; i < len(b); i++ {
			switch b[i] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				return i
			}
		}
		return len(b)
	}
}

// stringEnd returns the index just past the string that starts at b[i].
func stringEnd(b []byte, i int) int {
	// Names and short values end within a few bytes: look there first, and
	// hand longer strings to IndexByte.
	for j := i + 1; j < len(b) && j < i+24; j++ {
		switch b[j] {
		case '\\':
			return stringEndSlow(b, i)
		case '"':
			return j + 1
		}
	}
	return stringEndSlow(b, i)
}

func stringEndSlow(b []byte, i int) int {
	for j := i + 1; j < len(b); {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			break
		}
		k += j
		// The quote ends the string unless an odd run of backslashes escapes it.
		slashes := 0
		for p := k - 1; p > i && b[p] == '\\'; p-- {
			slashes++
		}
		if slashes%2 == 0 {
			return k + 1
		}
		j = k + 1
	}
	return len(b)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// eachMember calls fn with each name (its text) and raw value of the object
// obj, in order, until fn returns false. It does nothing if obj is not an
// object. The name's bytes are only valid during the call.
func eachMember(obj []byte, fn func(name, value []byte) bool) {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return
	}
	walkObject(obj, i, func(name []byte, b []byte, at int) (int, bool) {
		end := valueEnd(b, at)
		return end, fn(name, b[at:end])
	})
}

// walkObject walks the members of the object that starts at b[i]: visit
// gets each name, and the position of its value, and returns where the
// value ends (so that it can read a value as it finds its end) and whether
// to go on. walkObject returns where the object ends.
func walkObject(b []byte, i int, visit func(name, b []byte, at int) (end int, more bool)) int {
	for i = skipSpace(b, i+1); i < len(b) && b[i] != '}'; {
		end := stringEnd(b, i)
		name := text(b[i:end])
		i = skipSpace(b, skipSpace(b, end)+1) // past the colon
		vend, more := visit(name, b, i)
		if !more {
			return vend
		}
		i = skipSpace(b, vend)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return min(i+1, len(b))
}

// eachElement calls fn with each raw element of the array arr, in order,
// until fn returns false. It does nothing if arr is not an array.
func eachElement(arr []byte, fn func(i int, value []byte) bool) {
	i := skipSpace(arr, 0)
	if i >= len(arr) || arr[i] != '[' {
		return
	}
	walkArray(arr, i, func(n int, b []byte, at int) (int, bool) {
		end := valueEnd(b, at)
		return end, fn(n, b[at:end])
	})
}

// walkArray walks the elements of the array that starts at b[i], as
// walkObject walks members: visit gets each one's number and position, and
// returns where it ends and whether to go on.
func walkArray(b []byte, i int, visit func(n int, b []byte, at int) (end int, more bool)) {
	for n, i := 0, skipSpace(b, i+1); i < len(b) && b[i] != ']'; n++ {
		end, more := visit(n, b, i)
		if !more {
			return
		}
		i = skipSpace(b, end)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
}

// kind is what a raw JSON value is, by its first byte.
func kind(raw []byte) byte {
	if len(raw) == 0 {
		return 0
	}
	switch c := raw[0]; c {
	case '"', '{', '[', 'n', 't', 'f':
		return c
	default:
		return '0'
	}
}

// unquote returns the text of a JSON string.
func unquote(raw []byte) string { return string(text(raw)) }

// text returns the text of a JSON string: the bytes between the quotes
// when there is no escape in them, so that reading most strings allocates
// nothing.
func text(raw []byte) []byte {
	if len(raw) < 2 {
		return nil
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return inner
	}
	s, err := jsontext.AppendUnquote(nil, raw)
	if err != nil {
		return nil
	}
	return s
}

// positionIn returns ", at line L, column C (byte offset B)" for the byte
// offset off of b, the column in characters, as editors count them.
func positionIn(b []byte, off int) string {
	off = max(0, min(off, len(b)))
	head := b[:off]
	line := bytes.Count(head, []byte{'\n'}) + 1
	col := utf8.RuneCount(head[bytes.LastIndexByte(head, '\n')+1:]) + 1
	return fmt.Sprintf(", at line %d, column %d (byte offset %d)", line, col, off)
}

// jsonError describes err, which encoding/json's decoder gave reading raw
// (held whole: a sidecar file), with where in raw it is, as jsontext finds
// it: encoding/json's offsets are not always where the error is.
func jsonError(raw []byte, err error) string {
	dec := jsontext.NewDecoder(bytes.NewReader(raw), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	_, jerr := dec.ReadValue()
	if errors.Is(jerr, io.ErrUnexpectedEOF) {
		return "the file ends in the middle of a value" + positionIn(raw, len(raw))
	}
	if msg, off := syntaxMessage(jerr); off >= 0 {
		return msg + positionIn(raw, int(off))
	}
	return err.Error()
}

// syntaxMessage returns a jsontext syntax error's message without its
// offset, and the offset, which the caller gives as a position; -1 when
// err is no syntax error or gives no such offset.
func syntaxMessage(err error) (string, int64) {
	var se *jsontext.SyntacticError
	if !errors.As(err, &se) {
		return "", -1
	}
	msg, off := strings.TrimPrefix(err.Error(), "jsontext: "), se.ByteOffset
	const after = " after offset "
	switch i := strings.LastIndex(msg, after); {
	case i >= 0 && msg[i+len(after):] == strconv.FormatInt(off, 10):
		msg = msg[:i]
	case off != 0: // the message leaves out an offset of 0 only
		return "", -1
	}
	return msg, off
}

// clipJSON returns raw JSON for a message: on one line, without the space
// outside strings (a string holds no line break; its escapes stay as
// written), and clipped as Clip does.
func clipJSON(raw []byte) string {
	var b []byte
	inString := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString && c == '\\' && i+1 < len(raw) && raw[i+1] >= ' ':
			b = append(b, c, raw[i+1])
			i++
			continue
		case c == '"':
			inString = !inString
		case !inString && (c == ' ' || c == '\t' || c == '\r' || c == '\n'):
			continue
		case c < ' ':
			c = ' ' // not JSON, but a message stays one line
		}
		b = append(b, c)
		if len(b) > 4*maxClip {
			break // enough for Clip's runes
		}
	}
	return Clip(string(b))
}

// maxClip is how many characters Clip keeps.
const maxClip = 80

// mayChange marks the bytes appendCompact may change: space outside
// strings, and what encoding/json escapes inside them; mayChangeString,
// those of a value that is one string.
var mayChange, mayChangeString = func() (all, str [256]bool) {
	for _, c := range []byte("<>&\xE2") {
		all[c], str[c] = true, true
	}
	for _, c := range []byte(" \t\r\n") {
		all[c] = true
	}
	return all, str
}()

// appendCompact appends raw without insignificant space, escaping in strings
// what encoding/json escapes (<, >, &, U+2028, U+2029), so that a value is
// served exactly as encoding/json would have served it.
func appendCompact(dst, raw []byte) []byte {
	// Space inside a string stays, so a string changes only for escapes.
	changes := &mayChange
	if kind(raw) == '"' {
		changes = &mayChangeString
	}
	plain := true
	for _, c := range raw {
		if changes[c] {
			plain = false
			break
		}
	}
	if plain {
		return append(dst, raw...)
	}
	start, inString := 0, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			case '<', '>', '&', 0xE2:
				if e := htmlEscape(raw, i); e != "" {
					dst = append(append(dst, raw[start:i]...), e...)
					if c == 0xE2 {
						i += 2
					}
					start = i + 1
				}
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case ' ', '\t', '\r', '\n':
			dst = append(dst, raw[start:i]...)
			start = i + 1
		}
	}
	return append(dst, raw[start:]...)
}

// htmlEscape returns the escape encoding/json writes for the character at
// b[i] inside a string, or "" when it writes the character as it is.
func htmlEscape(b []byte, i int) string {
	switch b[i] {
	case '<':
		return `\u003c`
	case '>':
		return `\u003e`
	case '&':
		return `\u0026`
	case 0xE2:
		if i+2 < len(b) && b[i+1] == 0x80 && b[i+2] == 0xA8 {
			return `\u2028`
		}
		if i+2 < len(b) && b[i+1] == 0x80 && b[i+2] == 0xA9 {
			return `\u2029`
		}
	}
	return ""
}

const hexDigits = "0123456789abcdef"

// plainByte marks the bytes AppendJSONString writes as they are: ASCII but
// for control characters, quote, backslash and what HTML escapes.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune(`"\<>&`, rune(c))
	}
	return t
}()

// AppendJSONString appends s as a JSON string exactly as encoding/json
// writes it: HTML characters escaped, invalid UTF-8 as U+FFFD.
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plainByte[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(append(dst, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(dst, s[start:]...), '"')
}
