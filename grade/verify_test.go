package grade

import (
	"strings"
	"testing"
)

func TestSelectNamed(t *testing.T) {
	all := []*Exercise{
		{ID: "01-a/counter", Name: "counter"},
		{ID: "01-a/queue", Name: "queue"},
		{ID: "02-b/limit", Name: "limit"},
	}
	for _, tc := range []struct {
		names []string
		want  string
		err   string
	}{
		{nil, "01-a/counter 01-a/queue 02-b/limit", ""},
		{[]string{"limit"}, "02-b/limit", ""},
		{[]string{"01-a/queue"}, "01-a/queue", ""},
		{[]string{"01-a/", "counter"}, "01-a/counter 01-a/queue", ""},
		{[]string{"02-b", "nope", "x"}, "", `no exercise "nope", "x"`},
	} {
		got, err := selectNamed(all, tc.names)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: error %v, want %q", tc.names, err, tc.err)
			}
			continue
		}
		var ids []string
		for _, e := range got {
			ids = append(ids, e.ID)
		}
		if err != nil || strings.Join(ids, " ") != tc.want {
			t.Errorf("%q: %v, %v; want %s", tc.names, ids, err, tc.want)
		}
	}
}
