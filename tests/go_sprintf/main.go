// Command gosprintf prints Go's fmt.Sprintf(format), called with no operands,
// for a fixed, deterministic list of format strings: the test vectors of
// trainjob::detail::go_sprintf_no_operands (include/trainjob/detail/go_format.hpp).
//
// One JSON line per format, hand-written edge cases first:
//
//	{"in":"<base64 of the format bytes>","out":"<base64 of the result bytes>"}
//
// Base64 because formats and results may be invalid UTF-8. Regenerate with
//
//	cd tests/go_sprintf && go run . > ../data/go_sprintf_vectors.jsonl
//
// (ctest's go_sprintf_vectors_current checks that the committed file is current).
package main

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"math/rand"
	"os"
	"strings"
)

// total is how many formats are printed.
const total = 3000

// handWritten comes first, in this order.
var handWritten = []string{
	"",
	"plain text",
	"100% used: %d",
	"%%",
	"%",
	"abc%",
	"%%%",
	"%%%%",
	"%d",
	"%s %v %q %x %X %T %p %t %c %U %e %E %f %F %g %G %b %o %O",
	"%!",
	"%z",
	"%5d",
	"%-5d",
	"%05.2f",
	"%#+- 0v",
	"%*d",
	"%-*d",
	"%.*d",
	"%*.*d",
	"%.d",
	"%.",
	"%.5",
	"%5",
	"%5.",
	"%*",
	"%.*",
	"%[1]d",
	"%[0]d",
	"%[2].*d",
	"%[3]*d",
	"%[3]2d",
	"%[3].2d",
	"%[1].[2]*d",
	"%.[1]d",
	"%[1]",
	"%[1]%",
	"%[",
	"%[d",
	"%[]",
	"%[]d",
	"%[x]d",
	"%[-1]d",
	"%[1x]d",
	"%[ 1]d",
	"%[%d]x",
	"%[[1]]d",
	"%[abc%d]x then %d",
	"%[99999999999999999999]d",
	"%[1000000]d",
	"%[10000000]d",
	"%1000000d",
	"%1000001d",
	"%10000000d rest of the format %d",
	"%9999999d tail",
	"%99999999d tail",
	"%.1000000d",
	"%.10000000d rest %d",
	"%123456789012345678901234567890d tail %s",
	"%é",
	"%世",
	"%😀",
	"%\xff",
	"%\x80abc",
	"%\xc3",
	"%\xc3(",
	"%\xe4\xb8",
	"%\xed\xa0\x80",
	"%\xf4\x90\x80\x80",
	"%\xc0\xaf",
	"%\xef\xbf\xbd",
	"\xff\xfe plain invalid",
	"bad \xff then %d and %\xfe",
	"%\x00",
	"%\n",
	"%\t%",
	"% d",
	"%+",
	"%#",
	"%-",
	"%0",
	"% ",
	"%[1]*.[2]*[3]d",
	"%!d(MISSING)",
	"%!(NOVERB)",
	"%[1]*]",
	"%*[1]d",
	"%.[",
	"%.[1",
	"%.[1]",
	"%.[]",
	"%5[1]d",
	"%[1]5d",
	"%[1].5d",
	"%[1]*d",
	"%[1].*d",
	"%[1]**d",
	"%**d",
	"%..d",
	"%.5.5d",
	"%.*.*d",
	"%%d%",
	"50%% off, 20% more: %s",
	"unable to reconcile TrainJob: 100% of pods failed: %v",
	"%-+# 0123.456[7]d",
	"%[",
	"%[[",
	"%[[[",
	"%[%[%[%[",
	"]]%]",
	"%]",
	"%[]]",
}

// Pieces the random formats are built from.
var (
	verbs      = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~ %"
	flagBytes  = "#0+- "
	multibyte  = []string{"é", "ß", "世", "界", "😀", "\u00a0", "\u2028", "\ufeff", "\U0010ffff", "\ufffd"}
	invalid    = []string{"\x80", "\xbf", "\xc0", "\xc1", "\xc3", "\xe0\x80", "\xed\xa0\x80", "\xf0\x80\x80\x80", "\xf4\x90", "\xf5", "\xfe", "\xff"}
	plainWords = []string{"a", "job", " ", "failed:", "100", "pods", "\n", "\t", "x=", "node-1", "ok", "{", "}"}
)

func main() {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	seen := map[string]bool{}
	n := 0
	emit := func(f string) {
		if n >= total || seen[f] {
			return
		}
		seen[f] = true
		n++
		var a []interface{}
		out := fmt.Sprintf(f, a...)
		fmt.Fprintf(w, "{\"in\":\"%s\",\"out\":\"%s\"}\n",
			base64.StdEncoding.EncodeToString([]byte(f)), base64.StdEncoding.EncodeToString([]byte(out)))
	}

	for _, f := range handWritten {
		emit(f)
	}

	// Every byte after '%', alone and followed by text.
	for b := 0; b < 256; b++ {
		emit("%" + string([]byte{byte(b)}))
		emit("x%" + string([]byte{byte(b)}) + "y")
	}
	for _, m := range multibyte {
		emit("%" + m)
		emit("%5.2" + m + "!")
	}
	for _, m := range invalid {
		emit("%" + m)
		emit("%[1]" + m + "z")
	}

	// Every set of flags (in order and reversed) before a few verbs and modifiers.
	for mask := 0; mask < 32; mask++ {
		var fl, rev []byte
		for k := 0; k < 5; k++ {
			if mask&(1<<k) != 0 {
				fl = append(fl, flagBytes[k])
				rev = append([]byte{flagBytes[k]}, rev...)
			}
		}
		for _, tail := range []string{"d", "v", "%", "", "*d", "5.3f", ".*s", "[1]d", "é"} {
			emit("%" + string(fl) + tail)
			emit("%" + string(rev) + tail)
		}
	}

	// Width, precision and index forms against a few verbs.
	widths := []string{"", "0", "5", "12", "*", "[1]*", "[2]", "[0]", "[]", "[", "[x]", "1000000", "1000001", "9999999", "10000000", "12345678901"}
	precs := []string{"", ".", ".0", ".3", ".*", ".[1]*", ".[2]", ".[", ".[]", ".1000001", ".10000000"}
	idx := []string{"", "[1]", "[0]", "[", "[]", "[x]"}
	tails := []string{"d", "%", "", "v!"}
	t := 0
	for _, wd := range widths {
		for _, pr := range precs {
			for _, ix := range idx {
				emit("%" + wd + pr + ix + tails[t%len(tails)])
				t++
			}
		}
	}

	// Long strings, ~950 runes or bytes, with '%' near the end.
	for _, tail := range []string{"%", "%d", "%%", "%[1]", "%*", "%.", "%\xff", "%é", "% 5", "%1234567", "%12345678"} {
		emit(strings.Repeat("a", 950-len(tail)) + tail)
		emit(strings.Repeat("é", 948) + tail)
		emit(strings.Repeat("世", 949) + tail + "x")
		emit(strings.Repeat("b", 945) + tail + "end")
	}
	emit(strings.Repeat("%", 950))
	emit(strings.Repeat("%", 951))
	emit(strings.Repeat("%[", 500))
	emit(strings.Repeat("%[1", 400))
	emit("%[" + strings.Repeat("1", 900) + "]d")
	emit("%" + strings.Repeat("9", 900) + "d")
	emit(strings.Repeat("%d", 475))

	// Runs of '%' with text.
	for k := 1; k <= 12; k++ {
		emit(strings.Repeat("%", k))
		emit("a" + strings.Repeat("%", k) + "d")
	}

	// Random compositions of the pieces above.
	r := rand.New(rand.NewSource(20240519))
	piece := func() string {
		switch r.Intn(16) {
		case 0, 1:
			return plainWords[r.Intn(len(plainWords))]
		case 2, 3, 4:
			return "%"
		case 5:
			return string(flagBytes[r.Intn(len(flagBytes))])
		case 6:
			return fmt.Sprint(r.Intn(20))
		case 7:
			return []string{"*", ".", ".*", "[", "]", "[]", "[0]", "[1]", "[2]", "[x]"}[r.Intn(10)]
		case 8:
			return multibyte[r.Intn(len(multibyte))]
		case 9:
			return invalid[r.Intn(len(invalid))]
		case 10:
			return fmt.Sprint(1000000 + r.Intn(20)) // around parsenum's limit
		case 11:
			return strings.Repeat("9", 7+r.Intn(12))
		default:
			return string(verbs[r.Intn(len(verbs))])
		}
	}
	for n < total {
		var b strings.Builder
		k := 1 + r.Intn(12)
		if r.Intn(20) == 0 {
			k = 40 + r.Intn(200)
		}
		for j := 0; j < k; j++ {
			b.WriteString(piece())
		}
		emit(b.String())
	}
}
