"""The Chinese help of every command and option (ledger.cli.speech puts it in place).

COMMANDS is keyed by the command's path ("" for `ledger` itself, "activity add"), OPTIONS
by the English help it stands for, METAVARS by the English placeholder. A test walks the
commands and fails on any help without its Chinese here. Terms follow the README's
glossary: 专项 (campaign), 问题 (finding), 责任单位 (owner), 整改时限 (deadline) …
"""

EXAMPLE = "\b\n示例："

COMMANDS: dict[str, str] = {
    "": f"""用 YAML 文件记台账：登记问题、标记整改完成、统计数字（“发现154处，整改完成148处”）。

{EXAMPLE}ledger summary -c qinhuai-2020-safety --as-of 2020-09-30""",
    "init": f"""新建一个专项的台账；不会覆盖已有台账。

{EXAMPLE}ledger init qinhuai-2021-lookback --title 回头看 --prefix LB --area 燃气安全 --owner 区商务局""",
    "add": f"""登记一个问题，自动取下一个空闲编号。责任单位、整改措施、整改时限必填；重大隐患还须写明
资金和应急预案（“五到位”）。在终端中漏填的项会逐项询问。

{EXAMPLE}ledger add -c qinhuai-2020-safety --title 楼道飞线充电 --owner 区房产局 --measure 拆除飞线 --deadline +30d""",
    "rectify": f"""标记问题整改完成：全部成功，或有任何错误时一个也不改。

{EXAMPLE}ledger rectify QH-149 QH-150 --on 2020-09-28 --note 已更换灭火器""",
    "verify": f"""“回头看”验收销号：已整改的问题改为已验收。

{EXAMPLE}ledger verify QH-001 QH-002 --on 2020-07-15 --note 回头看复查合格""",
    "reopen": f"""整改不到位，重新整改：改回未整改，并给出新的整改时限。

{EXAMPLE}ledger reopen QH-017 --reason 回头看发现飞线复现 --deadline +15d""",
    "drop": f"""撤销不属实或重复的问题；问题保留在台账中，但不再计数。

{EXAMPLE}ledger drop QH-033 --reason 与QH-012重复""",
    "extend": f"""延长未整改问题的整改时限（延期）；原时限保留在历史记录中。

{EXAMPLE}ledger extend QH-121 --to 2020-10-31 --reason 需协调燃气公司""",
    "escalate": f"""对未整改问题挂牌督办，逐级升级：整改通知、督办函、约谈、通报。降级须加 --force；
--off 解除督办。

{EXAMPLE}ledger escalate QH-121 --step letter --supervisor 区政协办公室""",
    "edit": f"""改派或更正一个问题；每项改动都记录为“原值 → 新值”。改派自 --on 当天起生效（此前各日的
数字不变）；加 --correct 表示原值有误，新值自原值生效之日起适用。

{EXAMPLE}ledger edit QH-012 --owner 区建设局 --measure 更换防火门闭门器 --on 2020-06-01""",
    "log": f"""按日期列出一个问题的历史记录。

{EXAMPLE}ledger log QH-096""",
    "list": f"""列出截至某日（默认今天）的问题：未整改的在前、按整改时限排序，超期的标出。

{EXAMPLE}ledger list --status 未整改 --owner 房产局""",
    "due": f"""需要督促的事项，按责任单位分组，截至某日（默认今天）：已超期和即将到期的未整改问题、
逾期未返回的回执、待报送的材料。

{EXAMPLE}ledger due --within 14 --owner 房产局""",
    "notice": f"""给一个责任单位的督促限期整改通知书：列出其未整改问题，附回执，可输出为 Markdown、
文本或 Word 文档，打印盖章。除非加 --lang en，否则为中文。加 --issue 则同时作为发出的文书登记
（见 `ledger doc`）：编上文号并印在通知书上，写明回执返回期限。

{EXAMPLE}ledger notice --owner 区建设局 -c qinhuai-2020-safety --as-of 2020-09-30 -o 通知书.md""",
    "report": f"""一期的情况报告：本期发现、整改、验收、撤销情况；期末总体情况；各责任单位与上期对比；
超期问题清单；逐月趋势；以及专项监督的工作情况（活动、委员参与、问题清单、意见建议）。
期末数字与 `summary --as-of` 一致。未加 --lang 时使用专项自身的语言。

{EXAMPLE}ledger report -c qinhuai-2020-safety --month 2020-09 --lang zh
每月1日6点由 cron 生成上月报告：
  0 6 1 * * cd /srv/ledgers && ledger -q report --all --format md -o reports/$(date -d yesterday +\\%Y-\\%m).md""",
    "show": f"""显示一个问题截至某日（默认今天）的全部字段及其历史记录；保密信息仅在加 --private 时显示。

{EXAMPLE}ledger show QH-001""",
    "summary": f"""统计问题：发现、整改完成、整改率、未完成、超期，并分类汇总。

{EXAMPLE}ledger summary -c qinhuai-2020-safety --as-of 2020-09-30 --lang zh""",
    "check": f"""检查台账；每处问题按“文件:行号: 字段: 说明”输出；有问题时退出码为 1。

{EXAMPLE}ledger check data/qinhuai-2020-safety.yaml""",
    "publish": f"""登记某日向上报送的数字，作为核对基准：此后会改变该日报送数字的操作将被拒绝（除非加
--amend-published 说明原因），手工修改使其改变时 `ledger check` 会报错。加 --amend 表示
重新报送该日，原数字保留在其历史记录中。

{EXAMPLE}ledger publish -c qinhuai-2020-safety --as-of 2020-09-30 --note 报区委""",
    "import": f"""从已有的整改台账表格导入问题：全部导入，或一个也不导入。

可识别中英文表头（序号、问题描述、所在街道/地点、责任单位、责任人、整改措施、整改时限、
整改情况、完成时间、发现时间、问题类别、隐患等级、备注 …），表头可带（牵头）之类的后缀，也可
占两行；其他列以原表头保存在每个问题中。合并单元格对其覆盖的每一行都有效；日期可以是 Excel
日期序号，也可带时间。CSV 可为 UTF-8 或 GB18030/GBK 编码。标题行、空行和合计行跳过（预览
会用合计行核对读出的数字）；台账中已有的问题（问题描述、地点和责任单位都相同）会列出并跳过。
违反旧表格无从知道的规则的行（如重大隐患缺少资金或预案）照常导入并给出提示，在补齐之前
`check` 会一直列出。

{EXAMPLE}ledger import 整改台账.xlsx -c qinhuai-2020-safety --dry-run""",
    "export": f"""按向上报送的格式导出问题：xlsx 带标题行、常用中文表头、日期单元格、超期行底色、表头筛选、
A4 横向打印设置和汇总表；或 CSV（带 BOM 的 UTF-8）、JSON、Markdown。每个问题的处理记录
（延期、重新整改、挂牌督办、验收）随表导出，再导入时各日的数字都与原台账相同。会被当作公式的
单元格保存为文本。-o - 表示输出到标准输出。

{EXAMPLE}ledger export -c qinhuai-2020-safety --as-of 2020-09-30 -o 整改台账.xlsx""",
    "schema": f"""输出台账文件的 JSON Schema，供编辑器在输入 YAML 时校验和补全（YAML 语言服务器：
`# yaml-language-server: $schema=…`）。

{EXAMPLE}ledger schema > ledger.schema.json""",
    "fmt": f"""按本工具自己的排版重写台账（键的顺序、缩进、单行历史记录、引号），保留所有注释和取值。

{EXAMPLE}ledger fmt --check""",
    "upgrade": f"""把台账升级为格式 2，各种 YAML 读取程序读出的结果都相同（事件日期写作 `date:` 而不是
`on:`，YAML 1.1 的读取程序会把 `on` 当作 true）。只改必须改的行；注释、其他键、引号和换行符
保持不变。格式 1 仍可读取，升级前也仍按格式 1 写入。

{EXAMPLE}ledger upgrade --all --check""",
    "git-setup": f"""设置数据目录所在的 git 仓库：写入合并驱动的 .gitattributes 行和 git 配置；加 --hooks
时安装在每次提交和合并提交前检查台账的钩子。可重复运行。--check 检查驱动是否仍可运行。

{EXAMPLE}ledger git-setup --hooks""",
    "merge-file": f"""按专项、问题和字段合并台账的两个版本：git 的合并驱动。

双方新增的问题全部保留（双方用了同一个新编号时，后登记的改用下一个空闲编号）；对不同问题
或不同字段的修改全部保留，历史记录按日期合并。双方对同一字段做了不同修改时为冲突：只在该
问题周围加冲突标记，退出码为 1。由 `ledger git-setup` 设置。

{EXAMPLE}ledger merge-file base.yaml ours.yaml theirs.yaml --path data/qinhuai-2020-safety.yaml""",
    "use": f"""设定本数据目录的默认专项：未用 -c 指定时，命令针对该专项（保存在 .ledger-use 文件中；
环境变量 LEDGER_CAMPAIGN 优先）。不给编号时，显示当前的默认专项。

{EXAMPLE}ledger use qinhuai-2021""",
    "activity": f"""专项监督的活动：实地考察、会议、座谈会、“回头看”。

{EXAMPLE}ledger activity add --kind inspection --on 2020-04-08 --participants 12""",
    "activity add": f"""登记开展的一次活动：实地考察（明查或暗访）、会议、座谈会、“回头看”、约谈单位或提级调查。

{EXAMPLE}ledger activity add --kind seminar --on 2020-05-12 --place 区政协 --participants 15
示例：ledger activity add --kind interview --unit 区建设局 --finding QH-096 --outcome 限期一月""",
    "doc": f"""向单位发出的文书（督促限期整改通知书、提醒敦促函、督办函 …）：编号登记，跟踪回执。

{EXAMPLE}ledger doc issue --kind reminder --to 区建设局 --finding QH-096 --reply-by +15wd""",
    "doc issue": f"""登记向单位发出的一份文书：按专项的文号格式、分种类逐年编号；写明涉及的问题和回执
返回期限。

{EXAMPLE}ledger doc issue --kind reminder --to 区建设局 --finding QH-096 --reply-by +15wd""",
    "doc reply": f"""登记一份文书的回执已返回。

{EXAMPLE}ledger doc reply D-003 --on 2020-10-12 --note 已按期整改 --evidence evidence/D-003/回执.pdf""",
    "doc list": f"""列出发出的文书及其回执情况。

{EXAMPLE}ledger doc list --overdue""",
    "deliverable": f"""单位须在期限内报送的材料（书面整改报告 …），按专项列明的事项。

{EXAMPLE}ledger deliverable receive DL-1 --unit 区建设局 --on 2020-09-08""",
    "deliverable receive": f"""登记一个单位报送的材料。

{EXAMPLE}ledger deliverable receive DL-1 --unit 区建设局 --on 2020-09-08 --evidence evidence/DL-1/建设局.pdf""",
    "deliverable list": f"""按期限列出各单位尚未报送的材料。

{EXAMPLE}ledger deliverable list --as-of 2020-09-15""",
    "score": f"""台账以外的测评分数（问卷调查、暗访检查、公开评议），按单位录入。

{EXAMPLE}ledger score set --unit 区建设局 --method questionnaire --score 86.5""",
    "score set": f"""录入一个单位某项测评方法的分数。

{EXAMPLE}ledger score set --unit 区建设局 --method questionnaire --score 86.5 --on 2020-11-05""",
    "score import": f"""从表格录入分数：一列为单位，每种测评方法一列（问卷调查、暗访检查、公开评议，或方法的
英文名）；全部录入，或一项也不录入。

{EXAMPLE}ledger score import 问卷结果.xlsx --on 2020-11-05""",
    "sources": f"""市里汇总所用的各区仓库（sources.yaml）。

{EXAMPLE}ledger sources add 秦淮区 git://git.city.gov/qinhuai.git --branch main --data data""",
    "sources add": f"""在来源文件中加入一个区的仓库（文件不存在时新建）。

{EXAMPLE}ledger sources add 秦淮区 git://git.city.gov/qinhuai.git""",
    "sources remove": f"""从来源文件中删除一个区。

{EXAMPLE}ledger sources remove 秦淮区""",
    "sources list": f"""列出各来源，及最近获取的提交和时间。

{EXAMPLE}ledger sources list""",
    "sync": f"""把来源文件中各区的仓库并行获取到缓存（来源文件旁的 .ledger-sources），从不写入来源。
逐个打印各来源的提交和日期；无法连接的来源沿用上次获取的状态，标为过期并注明已过多少天；历史
被改写的来源重新获取并说明。有来源过期时退出码为 1。

{EXAMPLE}ledger sync && ledger --sources sources.yaml summary""",
    "assess": f"""按专项的测评办法给各单位评分（述职测评、民主评议）：录入的分数和台账自身的考核分，
每一分都注明来源（哪些问题、文书或录入记录），并给出等次（满意、基本满意、不满意）。截至某日的
测评结果，以后不会改变。

{EXAMPLE}ledger assess -c qinhuai-2020-safety --as-of 2020-11-30 --format xlsx -o 测评.xlsx""",
    "activity list": f"""列出开展的活动。

{EXAMPLE}ledger activity list -c qinhuai-2020-safety""",
    "item": f"""问题清单：归并问题的条目。

{EXAMPLE}ledger item add --title 电动自行车飞线充电 --finding QH-012 --finding QH-041""",
    "item add": f"""在问题清单中增加一条，归并台账中的问题。

{EXAMPLE}ledger item add --title 高层住宅消防设施缺损 --finding QH-003 --finding QH-017""",
    "item list": f"""列出问题清单的各条目及其归并的问题。

{EXAMPLE}ledger item list -c qinhuai-2020-safety""",
    "suggest": f"""意见建议及其采纳情况。

{EXAMPLE}ledger suggest add --title 建设集中充电设施 --to 区房产局""",
    "suggest add": f"""登记提出的一条意见建议；初始状态为“已提出”。

{EXAMPLE}ledger suggest add --title 将电动自行车充电设施纳入老旧小区改造 --to 区房产局 --on 2020-09-20""",
    "suggest set": f"""登记一条意见建议的采纳情况。

{EXAMPLE}ledger suggest set S-003 --status adopted --on 2020-10-15 --note 已纳入2021年民生实事""",
    "suggest list": f"""列出意见建议及其状态。

{EXAMPLE}ledger suggest list --json""",
}

OPTIONS: dict[str, str] = {
    "Folder of ledger files.": "台账文件所在的文件夹。",
    "Language of output: zh or en (default: locale).": "输出语言：zh 或 en（默认按系统语言）。",
    "Print the version.": "显示版本号。",
    "A city's sources file: read the districts' ledgers (as `ledger sync` fetched them).": (
        "市里的来源文件：读取各区的台账（按 `ledger sync` 获取的状态）。"
    ),
    "The district, e.g. 秦淮区.": "区名，如 秦淮区。",
    "A path, or a git URL (file, ssh, https or git).": "路径，或 git 地址（file、ssh、https 或 git 协议）。",
    "The branch to read.": "读取的分支。",
    "The data folder inside the repository.": "仓库中的数据文件夹。",
    "The district.": "区名。",
    "Say nothing when all goes well (for cron); errors still show.": (
        "一切正常时不输出（供 cron 使用）；出错时仍会提示。"
    ),
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的命令补全脚本，供复制或自定义安装。"
    ),
    "Campaign id, e.g. qinhuai-2020-safety.": "专项编号，如 qinhuai-2020-safety。",
    "The campaign's title.": "专项名称。",
    "Finding id prefix (default: the id's initials).": "问题编号前缀（默认取专项编号各段首字母）。",
    "Organising body, e.g. 秦淮区政协.": "组织单位，如 秦淮区政协。",
    "First day of the campaign.": "专项开始日期。",
    "Last day of the campaign.": "专项结束日期。",
    "A focus area (repeat); declares the registry.": "一个重点领域（可重复）；即登记领域名单。",
    "An owner unit (repeat); declares the registry.": "一个责任单位（可重复）；即登记责任单位名单。",
    "zh or en: the language of its reports when none is asked for.": (
        "zh 或 en：未指定语言时报告所用的语言。"
    ),
    "Campaign id (the ledger file's name without .yaml).": (
        "专项编号（台账文件名去掉 .yaml；可只写开头几个字符）。"
    ),
    "What was found (问题描述).": "问题描述。",
    "Responsible unit (责任单位).": "责任单位。",
    "Rectification measure (整改措施).": "整改措施。",
    "Deadline (整改时限): a date, or +30d, +2w or +15wd (working days) from --found-on.": (
        "整改时限：日期，或自发现日期起 +30天、+2周、+15个工作日（按国家法定节假日和调休）。"
    ),
    "Focus area.": "重点领域。",
    "Where, e.g. street office and compound.": "地点，如街道和小区。",
    "Day found.": "发现日期。",
    "Inspection group or person.": "督导组或发现人。",
    "general or major (一般 / 重大).": "隐患等级：general（一般）或 major（重大）。",
    "Responsible person (责任人).": "责任人。",
    "Funds (资金): required for a major finding.": "整改资金：重大隐患必填。",
    "Contingency plan (预案): required for a major finding.": "应急预案：重大隐患必填。",
    "Who recorded it (default: LEDGER_BY, else git user.name, else the login).": (
        "经办人（默认取 LEDGER_BY，其次 git 的 user.name，再次登录名）。"
    ),
    "Change figures already published, for this reason; the publication keeps the old ones.": (
        "更改已报送的数字，并说明原因；报送记录保留原数字。"
    ),
    "Print JSON for scripts.": "输出 JSON，供脚本使用。",
    "Finding ids, or - to read them from standard input.": (
        "问题编号（可一次粘贴多个，以空格、逗号或顿号分隔）；写 - 则从标准输入读取。"
    ),
    "Day it happened.": "发生日期。",
    "How it was rectified (整改情况).": "整改情况。",
    "An evidence file (repeat), recorded relative to the repository.": (
        "佐证材料文件（可重复），按其在仓库中的相对路径记录。"
    ),
    "What the look-back found.": "“回头看”复查情况。",
    "Finding id.": "问题编号。",
    "Why (recorded in the history).": "原因（记入历史记录）。",
    "The new deadline (or +30d).": "新的整改时限（或 +30天、+15个工作日）。",
    "notice, letter, interview or bulletin.": (
        "督办级别：notice（整改通知）、letter（督办函）、interview（约谈）或 bulletin（通报）。"
    ),
    "Lift the listed supervision.": "解除挂牌督办。",
    "Step down the ladder (e.g. from letter to notice).": "允许降级（如由督办函降为整改通知）。",
    "Supervising unit (督办单位).": "督办单位。",
    "A note for the history.": "记入历史记录的说明。",
    "What was found.": "问题描述。",
    "Reassign to this owner.": "改派给此责任单位。",
    "Responsible person.": "责任人。",
    "Rectification measure.": "整改措施。",
    "Where.": "地点。",
    "general or major.": "隐患等级：general（一般）或 major（重大）。",
    "Funds (资金).": "整改资金。",
    "Contingency plan (预案).": "应急预案。",
    "Who found it (督导组).": "发现人或督导组。",
    "The day it was found, corrected (always a correction).": "更正发现日期（总是作为更正记录）。",
    "A correction (更正): the value was wrong from the start, not changed on --on.": (
        "更正：原值从一开始就有误，而不是在 --on 当天改变。"
    ),
    "Finding id, e.g. QH-001.": "问题编号，如 QH-001（大小写均可，可省略前导零）。",
    "Every campaign in the data folder, whatever `ledger use` set.": (
        "数据目录中的全部专项，不论 `ledger use` 设定了哪个。"
    ),
    "open, fixed, verified, dropped, overdue or all, or the Chinese word (已整改 …);"
    " default: all but dropped.": (
        "整改状态：未整改、已整改、已验收、已撤销、已超期或全部（也可写 open、fixed、verified、"
        "dropped、overdue、all）；默认为除已撤销外的全部。"
    ),
    "open, fixed, verified, dropped, overdue or all, or the Chinese word (已整改 …).": (
        "整改状态：未整改、已整改、已验收、已撤销、已超期或全部（也可写 open、fixed、verified、"
        "dropped、overdue、all）。"
    ),
    "Owner, or part of its name.": "责任单位，或其名称的一部分。",
    "Focus area, or part of its name.": "重点领域，或其名称的一部分。",
    "Open findings due within DAYS of the day, overdue ones included (as in due).": (
        "整改时限在若干天内的未整改问题，含已超期的（与 due 相同）。"
    ),
    "Only those under listed supervision.": "只列挂牌督办的问题。",
    "As things stood at the end of this day.": "截至此日结束时的情况。",
    "Include findings' private mappings in the JSON.": "在 JSON 中包含问题的保密信息。",
    "Due within this many days from today.": "整改时限在今天起若干天内。",
    "The owner unit to notify.": "要通知的责任单位（可写名称的一部分）。",
    "Write it here (- for standard output).": "写入此文件（- 表示标准输出）。",
    "Dropped findings too, marked as such.": "同时导出已撤销的问题，并标明已撤销。",
    "md, txt or docx (needs -o).": "md、txt 或 docx（docx 须用 -o 指定文件）。",
    "The notice's date: its findings as they stood then.": "通知书日期：按当日的情况列出问题。",
    "The month (default: the last complete month).": "月份（默认上一个完整月份）。",
    "First day of the period.": "本期第一天。",
    "Last day (the as-of date).": "本期最后一天（即截至日期）。",
    "text, md, html, json or csv.": "text、md、html、json 或 csv。",
    "Also show its private mapping (informants, notes).": "同时显示保密信息（举报人、内部意见等）。",
    "Count as of this day (default today).": "统计截至此日（默认今天）。",
    "Breakdown: area, owner, severity or street (repeat; default area and owner for one"
    " campaign).": (
        "分类汇总：area（领域）、owner（责任单位）、severity（隐患等级）或 street（街道）"
        "（可重复；单个专项默认按领域和责任单位）。"
    ),
    "Ledger files (default: all in --data).": "台账文件（默认为 --data 中的全部）。",
    "Check the ledgers staged for the next commit (the hooks).": "检查暂存待提交的台账（供钩子使用）。",
    "The date of the figures reported.": "报送数字的截至日期。",
    "A note.": "说明。",
    "Publish a date again, with today's figures (needs --reason).": (
        "按当前数字重新报送该日（须加 --reason）。"
    ),
    "Why the figures are published again.": "重新报送的原因。",
    "An .xlsx, .xls, .ods or .csv file.": "一个 .xlsx、.xls、.ods 或 .csv 文件。",
    "Refuse warnings too (a major hazard without funds or plan …).": (
        "有提示（如重大隐患缺少资金或预案）时也拒绝导入。"
    ),
    "The worksheet (default: the first).": "工作表（默认第一个）。",
    "Read this column as this field (repeat).": "把此列读作此字段（可重复）。",
    "Show what would be imported and every problem; write nothing.": (
        "只显示将导入的内容和所有问题，不写入。"
    ),
    "xlsx, csv, json or md.": "xlsx、csv、json 或 md。",
    "Change nothing; list files that would change, exit 1 if any.": (
        "不做改动；列出将被改动的文件，有则退出码为 1。"
    ),
    "Every ledger in the data folder.": "数据目录中的全部台账。",
    "Change nothing; list ledgers that would change, exit 1 if any.": (
        "不做改动；列出将被改动的台账，有则退出码为 1。"
    ),
    "Write the driver into your own git config, for every repository.": (
        "把合并驱动写入您个人的 git 配置，对所有仓库生效。"
    ),
    "Also install pre-commit and pre-merge-commit hooks that check staged ledgers.": (
        "同时安装 pre-commit 和 pre-merge-commit 钩子，检查暂存的台账。"
    ),
    "Change nothing; say what is not set up or no longer runs.": (
        "不做改动；说明哪些尚未设置或已无法运行。"
    ),
    "The common ancestor (git's %O).": "共同祖先版本（git 的 %O）。",
    "Our version, overwritten with the result (%A).": "我方版本，合并结果写回此文件（%A）。",
    "Their version (%B).": "对方版本（%B）。",
    "The file's path in the repository (%P).": "文件在仓库中的路径（%P）。",
    "The campaign, or the start of its id.": "专项编号，或其开头几个字符。",
    "Have no default campaign.": "取消默认专项。",
    "inspection, meeting, seminar or lookback.": (
        "活动类型：inspection（实地考察）、meeting（会议）、seminar（座谈会）或 lookback（“回头看”）。"
    ),
    "The day it was held.": "活动日期。",
    "Member participations (参与人次).": "委员参与人次。",
    "Inspection group (督导组).": "督导组。",
    "The item's short statement.": "条目的简要表述。",
    "A finding it groups (repeat).": "归并的问题编号（可重复）。",
    "The day it was listed.": "列入清单的日期。",
    "The suggestion.": "意见建议的内容。",
    "Addressed to (建议对象).": "建议对象。",
    "The day it was made.": "提出日期。",
    "Suggestion id, e.g. S-003.": "意见建议编号，如 S-003。",
    "proposed, adopted, in_progress, done or declined.": (
        "状态：proposed（已提出）、adopted（已采纳）、in_progress（落实中）、done（已落实）"
        "或 declined（未采纳）。"
    ),
    "The day of the change.": "变更日期。",
    "The activity (an open or covert inspection) that found it.": "发现该问题的活动（明查或暗访）编号。",
    "Record it as issued: numbered, its reply slip due by --reply-by.": (
        "作为发出的文书登记：编上文号，回执须于 --reply-by 前返回。"
    ),
    "With --issue: the day the reply slip is due (+15wd).": "与 --issue 同用：回执返回期限（可写 +15个工作日）。",
    "text, json, md or xlsx.": "text、json、md 或 xlsx。",
    "inspection, meeting, seminar, lookback, interview (约谈) or investigation (提级调查).": (
        "活动类型：inspection（实地考察）、meeting（会议）、seminar（座谈会）、lookback（“回头看”）、"
        "interview（约谈）或 investigation（提级调查）。"
    ),
    "An inspection open (明查) or covert (暗访).": "实地考察方式：open（明查）或 covert（暗访）。",
    "The unit interviewed or investigated.": "被约谈或调查的单位。",
    "A finding it concerned (repeat).": "涉及的问题编号（可重复）。",
    "What came of it.": "结果。",
    "notice, reminder, letter, interview_notice, or a kind the campaign adds.": (
        "文书种类：notice（督促限期整改通知书）、reminder（提醒敦促函）、letter（督办函）、"
        "interview_notice（约谈通知），或专项自定的种类。"
    ),
    "The unit it goes to.": "发往的单位。",
    "A finding it names (repeat; default: the unit's open ones).": (
        "涉及的问题编号（可重复；默认为该单位的全部未整改问题）。"
    ),
    "The day the reply slip is due (or +15wd).": "回执返回期限（或 +15个工作日）。",
    "The document, e.g. D-003.": "文书编号，如 D-003。",
    "Only those whose reply slip is overdue.": "只列回执逾期的。",
    "The deliverable, e.g. DL-1.": "报送事项编号，如 DL-1。",
    "The unit that handed it in.": "报送的单位。",
    "The unit scored.": "被测评的单位。",
    "A method of the rubric: questionnaire, covert, public …": (
        "测评方法：questionnaire（问卷调查）、covert（暗访检查）、public（公开评议）…"
    ),
    "The mark, 0 to 100.": "分数，0 到 100。",
    "A sheet: a column of units, one per method.": "表格：一列为单位，每种测评方法一列。",
    "Where it was held.": "活动地点。",
}

METAVARS: dict[str, str] = {
    "DATE": "日期",
    "TEXT": "文字",
    "ID": "编号",
    "ID...": "编号...",
    "NAME": "姓名",
    "FILE": "文件",
    "[FILE]...": "[文件]...",
    "DIR": "文件夹",
    "PATH": "路径",
    "FORMAT": "格式",
    "STATUS": "状态",
    "STEP": "级别",
    "KIND": "类型",
    "LEVEL": "等级",
    "DAYS": "天数",
    "N": "数",
    "P": "人次",
    "UNIT": "单位",
    "REASON": "原因",
    "PREFIX": "前缀",
    "LANG": "语言",
    "MODE": "方式",
    "METHOD": "方法",
    "URL": "地址",
    "YYYY-MM": "年-月",
    "BASE": "祖先",
    "OURS": "我方",
    "THEIRS": "对方",
    "FIELD=列名": "字段=列名",
}
