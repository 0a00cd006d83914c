/// The reader's refusals, worded for the county liaison who uploaded the file: what is wrong, and
/// what to do in Excel or WPS about it. Row and column are 1-based, as the spreadsheet shows them.
extension SheetError {
    private static let resaveZH = "请用 Excel 或 WPS 打开后“另存为”→“Excel 工作簿（*.xlsx）”，再上传新文件。"
    private static let resaveEN =
        "Open it in Excel or WPS, choose Save As → “Excel Workbook (*.xlsx)” and upload the new file."

    private static func place(_ row: Int, _ column: Int) -> (zh: String, en: String) {
        let letters = column <= 1_000_000 ? ColumnName.letters(column) : "第 \(column) 列"
        let lettersEN = column <= 1_000_000 ? ColumnName.letters(column) : "number \(column)"
        return ("第 \(row) 行 \(letters) 列", "row \(row), column \(lettersEN)")
    }

    private static func megabytes(_ bytes: Int) -> Int { max(1, bytes >> 20) }

    // MARK: The file as a whole

    static func fileTooLarge(_ limit: Int) -> SheetError {
        SheetError(
            .tooLarge,
            zh: "文件太大（超过 \(megabytes(limit)) MB）。请删去无关的工作表和图片，或把表格拆成几个文件分别上传。",
            en:
                "The file is too large (over \(megabytes(limit)) MB). Remove unrelated sheets and pictures, or split the table into several files and upload them separately."
        )
    }

    static let notSpreadsheet = SheetError(
        .notSpreadsheet,
        zh: "这个文件不是 Excel 工作簿（.xlsx）。" + resaveZH,
        en: "This file is not an Excel workbook (.xlsx). " + resaveEN)

    static let oldExcelOrPassword = SheetError(
        .notSpreadsheet,
        zh:
            "这个文件是旧版 Excel 97–2003 工作簿（.xls），或是设置了打开密码的工作簿，无法读取。请用 Excel 或 WPS 打开，如有密码请先取消密码，然后“另存为”→“Excel 工作簿（*.xlsx）”，再上传新文件。",
        en:
            "This file is an old Excel 97–2003 workbook (.xls) or a password-protected workbook, which cannot be read. Open it in Excel or WPS, remove the password if there is one, choose Save As → “Excel Workbook (*.xlsx)” and upload the new file."
    )

    static let notAWorkbookPackage = SheetError(
        .notSpreadsheet,
        zh: "这个文件是压缩包或其他格式的文档（例如 Word 文档、.ods 表格），不是 Excel 工作簿（.xlsx）。如果是表格，" + resaveZH,
        en:
            "This file is a zip archive or a document of another kind (such as a Word file or an .ods spreadsheet), not an Excel workbook (.xlsx). If it is a spreadsheet, open it in Excel or WPS, choose Save As → “Excel Workbook (*.xlsx)” and upload the new file."
    )

    static let binaryWorkbook = SheetError(
        .notSpreadsheet,
        zh: "这个文件是 Excel 二进制工作簿（.xlsb），无法读取。" + resaveZH,
        en: "This file is an Excel binary workbook (.xlsb), which cannot be read. " + resaveEN)

    static let truncated = SheetError(
        .damaged,
        zh: "文件不完整或已损坏（可能下载或复制时中断）。请从原处重新导出或另存一份 .xlsx，再上传。",
        en:
            "The file is incomplete or damaged (perhaps a download or copy was interrupted). Export or save the workbook again as .xlsx and upload the new copy."
    )

    static func expandsTooMuch(_ limit: Int) -> SheetError {
        SheetError(
            .tooLarge,
            zh: "文件解压后过大（超过 \(megabytes(limit)) MB），可能含有大量图片或异常数据。请只保留台账工作表，另存后再上传。",
            en:
                "The workbook expands to more than \(megabytes(limit)) MB, perhaps because of many pictures or abnormal data. Keep only the ledger sheet, save it again and upload it."
        )
    }

    /// A large part that expands far more than any real sheet (see `SheetLimits.maxExpansionRatio`).
    static func expandsLikeABomb(_ part: String, ratio: Int) -> SheetError {
        SheetError(
            .tooLarge,
            zh:
                "文件解压后过大：其中的 \(part) 解压后是压缩大小的 \(ratio) 倍，远超真实工作簿（通常不到 30 倍），可能是恶意构造的“压缩炸弹”，为安全起见拒绝读取。如确是台账，"
                + resaveZH,
            en:
                "The workbook expands far more than a real workbook does: its part \(part) expands to \(ratio) times its compressed size (real workbooks stay under about 30 times), so it may be a zip bomb and was refused for safety. If it is a genuine ledger, open it in Excel or WPS, choose Save As → “Excel Workbook (*.xlsx)” and upload the new file."
        )
    }

    /// A part whose data inflates past the size the zip's directory declares for it.
    static func expandsBeyondDeclared(_ part: String) -> SheetError {
        SheetError(
            .tooLarge,
            zh: "文件已损坏或被篡改：其中的 \(part) 解压后超过了文件自己声明的大小，拒绝读取。请从原处重新导出或另存一份 .xlsx，再上传。",
            en:
                "The file is damaged or has been tampered with: its part \(part) expands beyond the size the file itself declares, so it was refused. Export or save the workbook again as .xlsx and upload the new copy."
        )
    }

    static let unsupportedCompression = SheetError(
        .unsupported,
        zh: "工作簿使用了不支持的压缩或加密方式。" + resaveZH,
        en: "The workbook uses a compression or encryption method that is not supported. " + resaveEN)

    static let declarationRefused = SheetError(
        .unsupported,
        zh: "工作簿中含有不允许的内容（XML 文档类型或实体声明），为安全起见拒绝读取。" + resaveZH,
        en:
            "The workbook contains content that is not allowed (an XML document type or entity declaration) and was refused for safety. "
            + resaveEN)

    static let undefinedEntity = SheetError(
        .damaged,
        zh: "工作簿内容已损坏（含有未定义的 XML 实体）。" + resaveZH,
        en: "The workbook's contents are damaged (an undefined XML entity). " + resaveEN)

    static func brokenXML(_ what: String) -> SheetError {
        SheetError(
            .damaged, zh: "工作簿内容已损坏，无法读取。" + resaveZH,
            en: "The workbook's contents are damaged and cannot be read (\(what)). " + resaveEN)
    }

    static let noRootElement = SheetError(
        .damaged,
        zh: "工作簿内容已损坏：其中一个部件不是 XML（空的，或只有空白、零字节或乱码）。" + resaveZH,
        en:
            "The workbook's contents are damaged: one of its parts holds no XML at all (it is empty, or only blanks, zero bytes or garbage). "
            + resaveEN)

    static let nulInXML = SheetError(
        .damaged,
        zh: "工作簿内容已损坏：含有 XML 中不允许出现的零字节（NUL）。" + resaveZH,
        en: "The workbook's contents are damaged: a part holds zero (NUL) bytes, which XML does not allow. " + resaveEN)

    static func missingPart(_ part: String) -> SheetError {
        SheetError(
            .damaged, zh: "工作簿不完整，缺少其中的 \(part)。" + resaveZH,
            en: "The workbook is incomplete: its part \(part) is missing. " + resaveEN)
    }

    static func noSuchSheet(_ index: Int, count: Int) -> SheetError {
        SheetError(
            .notSpreadsheet, zh: "工作簿只有 \(count) 个工作表，没有第 \(index + 1) 个。",
            en: "The workbook has \(count) sheet(s); there is no sheet number \(index + 1).")
    }

    // MARK: A place in a sheet

    static func tooManyColumns(row: Int, column: Int, limit: Int) -> SheetError {
        let at = place(row, column)
        return SheetError(
            .tooLarge,
            zh: "\(at.zh)超出了允许的列数（最多 \(limit) 列）。请检查表格，删除多余的列后再上传。",
            en:
                "The cell at \(at.en) is beyond the \(limit) columns allowed. Check the sheet and delete the extra columns.",
            row: row, column: column)
    }

    static func tooManyRows(row: Int, limit: Int) -> SheetError {
        SheetError(
            .tooLarge, zh: "表格超过了允许的 \(limit) 行（第 \(row) 行）。请拆成几个文件分别上传。",
            en: "The sheet has more than the \(limit) rows allowed (row \(row)). Split it into several files.", row: row
        )
    }

    static func cellTooLong(row: Int, column: Int, limit: Int) -> SheetError {
        let at = place(row, column)
        return SheetError(
            .tooLarge,
            zh: "\(at.zh)的单元格内容过长（超过 \(limit) 字节，约 \(limit / 3) 个汉字）。请精简该单元格后再上传。",
            en:
                "The cell at \(at.en) is too long (over \(limit) bytes, about \(limit / 3) Chinese characters). Shorten it and upload again.",
            row: row, column: column)
    }

    static func badSharedString(row: Int, column: Int) -> SheetError {
        let at = place(row, column)
        return SheetError(
            .damaged, zh: "工作簿内容已损坏（\(at.zh)的文字找不到）。" + resaveZH,
            en: "The workbook's contents are damaged (the text of the cell at \(at.en) is missing). " + resaveEN,
            row: row, column: column)
    }

    // MARK: CSV

    static let csvLooksLikeGBK = SheetError(
        .encoding,
        zh:
            "这个 CSV 文件看起来是 GBK 编码（ANSI / 简体中文 GBK），不是 UTF-8。请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）(*.csv)”；在 WPS 中“另存为”CSV 并选择 UTF-8 编码；然后重新上传。",
        en:
            "This CSV file appears to be in the GBK encoding (ANSI / Simplified Chinese GBK), not UTF-8. In Excel choose Save As → “CSV UTF-8 (Comma delimited) (*.csv)”; in WPS choose Save As CSV with UTF-8 encoding; then upload it again."
    )

    static func csvInvalidUTF8(row: Int, column: Int) -> SheetError {
        let at = place(row, column)
        return SheetError(
            .encoding,
            zh: "CSV 文件\(at.zh)含有无法识别的字符（不是 UTF-8 编码）。请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）(*.csv)”后重新上传。",
            en:
                "The CSV file has unreadable characters at \(at.en) (it is not UTF-8). In Excel choose Save As → “CSV UTF-8 (Comma delimited) (*.csv)” and upload it again.",
            row: row, column: column)
    }

    static func csvUnclosedQuote(row: Int, column: Int) -> SheetError {
        let at = place(row, column)
        return SheetError(
            .damaged,
            zh: "CSV 文件\(at.zh)的引号没有闭合，文件可能不完整。请检查该处，或从原处重新导出。",
            en:
                "The quotation mark opened at \(at.en) of the CSV file is never closed; the file may be incomplete. Check that cell or export the file again.",
            row: row, column: column)
    }

    static let csvIsAWorkbook = SheetError(
        .notSpreadsheet,
        zh: "这个文件是 Excel 工作簿，不是 CSV 文本文件。请按 .xlsx 上传，或在 Excel 中另存为“CSV UTF-8（逗号分隔）”。",
        en:
            "This file is an Excel workbook, not a CSV text file. Upload it as .xlsx, or save it in Excel as “CSV UTF-8 (Comma delimited)”."
    )

    static let csvBadUTF16 = SheetError(
        .encoding,
        zh: "CSV 文件的 Unicode（UTF-16）编码有误。请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）(*.csv)”后重新上传。",
        en:
            "The CSV file's Unicode (UTF-16) text is damaged. In Excel choose Save As → “CSV UTF-8 (Comma delimited) (*.csv)” and upload it again."
    )
}
