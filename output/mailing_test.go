package output

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"liushou/rules"
)

func TestDeliveryFor(t *testing.T) {
	tests := []struct {
		father, mother string
		to, byHand     string
	}{
		{"广东省东莞市长安镇振安中路128号", "", "王建军", ""},
		{"广东省东莞市长安镇", "浙江省义乌市稠城街道江东路8号", "张丽", ""},
		{"浙江省义乌市稠城街道", "", "", "务工地点只写到“浙江省义乌市稠城街道”，不够邮寄"},
		{"", "", "", "父母都没有登记务工地址"},
		{"北京市朝阳区建国门外大街", "", "王建军", ""},                              // 街 at the end
		{"上海市浦东新区陆家嘴街道办事处", "", "", "务工地点只写到“上海市浦东新区陆家嘴街道办事处”，不够邮寄"}, // 街道 is a sub-district
		{"上海市浦东新区街道口商业街12", "", "王建军", ""},                           // 街道口, then a 街
	}
	for _, tt := range tests {
		c := sampleChild()
		c.Father.WorkPlace, c.Mother.WorkPlace = tt.father, tt.mother
		got := deliveryFor(c)
		if got.To != tt.to || got.ByHand != tt.byHand {
			t.Errorf("deliveryFor(%q, %q) = %+v, want to %q, by hand %q", tt.father, tt.mother, got, tt.to, tt.byHand)
		}
	}
}

// TestEnvelopesAndMailingList: one envelope per posted letter, in the letters' order;
// the families without a deliverable address are listed for the guardian to pass on, and
// their letter says so.
func TestEnvelopesAndMailingList(t *testing.T) {
	a, b, c := sampleChild(), sampleChild(), sampleChild()
	a.Name, a.Father.WorkPlace, a.Father.Postcode = "安然", "广东省东莞市长安镇振安中路128号", "523850"
	b.Name, b.Father.WorkPlace, b.Mother.WorkPlace = "白雪", "江苏省苏州市昆山市", ""
	c.Name, c.Father.WorkPlace = "陈晨", "上海市松江区九亭镇沪亭北路218号"
	class := rules.Class{School: "青石镇中心小学", Name: "三年级(2)班"}
	for _, ch := range []rules.Child{a, b, c} {
		class.Results = append(class.Results, rules.Result{Child: &ch})
	}
	p := rules.DefaultPolicy()
	p.School = rules.School{Name: "青石镇中心小学", Address: "贵州省毕节市纳雍县青石镇", Postcode: "553300"}
	var env bytes.Buffer
	n, err := WriteEnvelopes(&env, class, p, asOf)
	if err != nil || n != 2 {
		t.Fatalf("envelopes %d, %v", n, err)
	}
	pages := strings.Split(pdfText(t, env.Bytes()), "\f")
	if len(pages)-1 != 2 || !strings.Contains(squeeze(pages[0]), "523850") || !strings.Contains(squeeze(pages[0]), "王建军（收）") ||
		!strings.Contains(squeeze(pages[1]), "沪亭北路218号") || !strings.Contains(squeeze(pages[0]), "邮政编码：553300") {
		t.Errorf("envelopes:\n%q", pages)
	}
	var list bytes.Buffer
	if err := writeMailingList(&list, class, p, asOf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&list)
	if err != nil {
		t.Fatal(err)
	}
	post, _ := f.GetRows("邮寄")
	hand, _ := f.GetRows("请监护人转交")
	if len(post) != 3 || post[1][3] != "安然" || post[1][5] != "523850" || post[2][3] != "陈晨" {
		t.Errorf("邮寄 %q", post)
	}
	if len(hand) != 2 || hand[1][2] != "白雪" || hand[1][3] != "李桂英" || hand[1][4] != "13698765432" || !strings.Contains(hand[1][5], "不够邮寄") {
		t.Errorf("请监护人转交 %q", hand)
	}
	var letters bytes.Buffer
	if err := WriteLetters(&letters, class, p, asOf, defaultLetters(t)); err != nil {
		t.Fatal(err)
	}
	lp := strings.Split(pdfText(t, letters.Bytes()), "\f")
	if strings.Contains(lp[0], "转交") || !strings.Contains(lp[1], "请监护人李桂英转交家长") {
		t.Errorf("hand-delivery marks: %q / %q", lp[0][:40], lp[1][:40])
	}
}
