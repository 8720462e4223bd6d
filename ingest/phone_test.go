package ingest

import (
	"reflect"
	"testing"
)

func TestNormalisePhone(t *testing.T) {
	tests := []struct {
		raw, want string
		ok        bool
	}{
		{"13812345678", "13812345678", true},
		{"138 1234 5678", "13812345678", true},
		{"138-1234-5678", "13812345678", true},
		{"+86 138 1234 5678", "13812345678", true},
		{"+86 158-1234-5678", "15812345678", true},
		{"008613812345678", "13812345678", true},
		{"１３８１２３４５６７８", "13812345678", true},
		{"0577-65123456", "0577-65123456", true},
		{"0857-7712345", "0857-7712345", true},
		{"(0577)65123456", "057765123456", true},
		{"13812345678/13912345678", "13812345678", true},
		{"父13812345678", "13812345678", true},
		{"1381234567", "", false},
		{"12812345678", "", false},
		{"", "", true},
	}
	for _, tt := range tests {
		got, ok := normalisePhone(tt.raw)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normalisePhone(%q) = %q, %v; want %q, %v", tt.raw, got, ok, tt.want, tt.ok)
		}
	}
}

// TestPhonesInText: a phone cell that names whose numbers it holds.
func TestPhonesInText(t *testing.T) {
	for _, tc := range []struct {
		cell string
		want []phoneEntry
		ok   bool
	}{
		{"父：13812345678；母：13712345678", []phoneEntry{{"父亲", "13812345678"}, {"母亲", "13712345678"}}, true},
		{"13712345678（父）", []phoneEntry{{"父亲", "13712345678"}}, true},
		{"父13024064464 母18190128900", []phoneEntry{{"父亲", "13024064464"}, {"母亲", "18190128900"}}, true},
		{"爷爷 138 1234 5678", []phoneEntry{{"监护人", "13812345678"}}, true},
		{"妈妈电话：+86 137-1234-5678", []phoneEntry{{"母亲", "13712345678"}}, true},
		{"13812345678", []phoneEntry{{"", "13812345678"}}, true},
		{"0855-5312345（奶奶）", []phoneEntry{{"监护人", "0855-5312345"}}, true},
		{"电话号码不详", nil, false},
		{"父：1381234567", nil, false},
		{"见备注13812345678", nil, false},
	} {
		got, ok := phonesIn(tc.cell)
		if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %v %v, want %v %v", tc.cell, got, ok, tc.want, tc.ok)
		}
	}
}

// TestLabelledPhonesGoToTheirPerson: a 家长电话 cell of both parents' numbers gives the
// father and the mother theirs, with no phone_invalid; an ID typed with a leading ' is an ID.
func TestLabelledPhonesGoToTheirPerson(t *testing.T) {
	rows := [][]any{{"班级", "学生姓名", "身份证号", "家长联系电话"},
		{"三年级(2)班", "王芳", "'" + testID(1), "父：13812345678；母：13712345678"},
		{"三年级(2)班", "李明", testID(2), "13712345678（母）"}}
	res := ReadBytes("a.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rows}}}.bytes(t))
	if len(res.Problems) != 0 {
		t.Errorf("problems %+v", res.Problems)
	}
	if len(res.Children) != 2 {
		t.Fatalf("%d children", len(res.Children))
	}
	a, b := res.Children[0], res.Children[1]
	if a.ID != testID(1) || a.Father.Phone != "13812345678" || a.Mother.Phone != "13712345678" {
		t.Errorf("王芳: ID %q, father %q, mother %q", a.ID, a.Father.Phone, a.Mother.Phone)
	}
	if b.Mother.Phone != "13712345678" {
		t.Errorf("李明: mother %q (parent %q)", b.Mother.Phone, b.Parent.Phone)
	}
}
