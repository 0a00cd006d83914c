import Testing

@testable import TaizhangIntake

@Suite struct OrganizationTests {
    func orgs(_ text: String) -> [String] { OrganizationFinder.find(in: FindingText(text)) }

    @Test func centralBodies() {
        #expect(orgs("以习近平同志为核心的党中央，向国务院申请，拜会外交部，邀请中央党校专家，人社部党组召开会议。") == ["党中央", "国务院", "外交部", "中央党校", "人社部"])
    }

    @Test func generalWordsAreNotOrganisations() {
        #expect(orgs("全省各级民政部门，人社部门，各级党组织，村委会换届，社区居民委员会，全市社区。").isEmpty)
        #expect(orgs("督促市县民政局和各市民政局整改。").isEmpty)
        #expect(orgs("按照省委、省政府和民政部部署，涉及民政部门。") == ["省委", "省政府", "民政部"])
    }

    @Test func placeNamedBodiesAsWritten() {
        #expect(orgs("江苏省人社厅行风办专职副主任说。") == ["江苏省人社厅"])
        #expect(orgs("陕西省社会保障局商洛市养老保险经办处处长说。") == ["陕西省社会保障局", "商洛市养老保险经办处"])
        #expect(orgs("青海省西宁市民政局党组把握总要求。") == ["西宁市民政局"])
        #expect(orgs("省人社厅党组、省民政厅和省外事办，市委主要领导，加强与纪委监委联动。") == ["省人社厅", "省民政厅", "省外事办", "市委", "纪委监委"])
    }

    @Test func bodiesInBookTitlesAreNotNamed() {
        #expect(orgs("公布《山西省民政厅养老服务清单》。").isEmpty)
    }

    @Test func inspectionGroups() {
        #expect(orgs("中央巡视组反馈问题，省委第三巡视组进驻。") == ["中央巡视组", "省委第三巡视组"])
        #expect(orgs("省委第一巡回指导组和团省委参加。") == ["省委第一巡回指导组", "团省委"])
    }

    @Test func traditionalCharacters() {
        #expect(orgs("江蘇省人社廳和民政部門。") == ["江蘇省人社廳"])
    }
}
