import Foundation
import TaizhangDomain
import TaizhangStorage

struct ReportSummaryDTO: Encodable {
    let id: Int64
    let unitId: Int64
    let campaignId: Int64?
    let fileName: String
    let createdAt: String
    let titles: [String]

    init(_ r: StoredReport) {
        id = r.id
        unitId = r.unitID
        campaignId = r.campaignID
        fileName = r.fileName
        createdAt = Timestamp.format(r.createdAt)
        titles = r.articles.compactMap(\.title)
    }
}
