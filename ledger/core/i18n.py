"""Every message and label in English and Chinese, and the choice between them."""

import errno
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

LANGS = ("en", "zh")

# key: (English, Chinese). Parameters are filled with str.format.
MESSAGES: dict[str, tuple[str, str]] = {
    # errors
    "error": ("Error: {message}", "错误：{message}"),
    "invalid_ledger": ("the ledger has {count} problem(s)", "台账有{count}处问题"),
    "ledgers_broken": (
        "{files} ledger(s) could not be read and are left out of what is shown above; fix the problems listed",
        "有{files}个台账无法读取，上面的结果未包含它们；请按所列问题改正",
    ),
    "bad_date": (
        "{option}: '{value}' is not a date (write 2020-05-31, 2020/5/31, 20200531, 2020年5月31日, today or yesterday)",
        "{option}：“{value}”不是日期（可写 2020-05-31、2020/5/31、20200531、2020年5月31日、today 或 yesterday）",
    ),
    "bad_deadline": (
        "{option}: '{value}' is not a date (write 2020-05-31, 2020/5/31, 20200531, 2020年5月31日, today, +30d, +2w or +15wd for working days)",
        "{option}：“{value}”不是日期（可写 2020-05-31、2020/5/31、20200531、2020年5月31日、今天、+30天、+2周 或 +15个工作日）",
    ),
    "date_out_of_range": (
        "{option}: '{value}' lies outside the years 1900 to 2999",
        "{option}：“{value}”不在1900年至2999年之间",
    ),
    "bad_campaign_id": (
        "'{campaign}' is not a campaign id: use letters, digits, '-', '_' and '.', starting with a letter or digit",
        "“{campaign}”不是有效的专项编号：只能用字母、数字、“-”、“_”和“.”，且以字母或数字开头",
    ),
    "no_data_dir": (
        "no data folder at {path} (give --data DIR or set LEDGER_DATA)",
        "找不到数据目录 {path}（请用 --data DIR 或设置 LEDGER_DATA）",
    ),
    "no_campaign": (
        "no campaign '{campaign}' in {path}{hint_text} (create it with `ledger init {campaign} --title …`)",
        "{path} 中没有专项“{campaign}”{hint_text}（可用 `ledger init {campaign} --title …` 新建）",
    ),
    "found_after_steps": (
        "--found-on {found_on} is after a later step of its history ({day})",
        "--found-on {found_on} 晚于其历史中的后续记录（{day}）",
    ),
    "no_owner": (
        "no owner '{owner}'{hint_text} (owners: {owners})",
        "没有责任单位“{owner}”{hint_text}（现有责任单位：{owners}）",
    ),
    "owner_ambiguous": (
        "'{owner}' is part of several owners' names ({owners}): type more of it",
        "“{owner}”可指多个责任单位（{owners}）：请多输入几个字",
    ),
    "calendar_not_covered": (
        "{option}: the holiday calendar does not cover {year} yet; give the date, or update chinesecalendar",
        "{option}：节假日日历尚未包含{year}年；请直接写出日期，或升级 chinesecalendar",
    ),
    "ladder_same": (
        "{finding} is under {now} already",
        "{finding} 已处于“{now}”",
    ),
    "ladder_down": (
        "{finding} is under {now}; {to} is a step down the ladder: give --force to step down",
        "{finding} 当前为“{now}”，改为“{to}”是降级：确需降级请加 --force",
    ),
    "yaml_fullwidth_colon": (
        "column {column}: a full-width colon (：) after a key; write the key with an ASCII colon and a space (owner: 区卫健委)",
        "第{column}列：键后面用了全角冒号“：”；请改为半角冒号加空格（如 owner: 区卫健委）",
    ),
    "yaml_no_space": (
        "column {column}: no space after the colon; write a space after it (deadline: 2026-12-15)",
        "第{column}列：冒号后缺少空格；请在冒号后加一个空格（如 deadline: 2026-12-15）",
    ),
    "yaml_tab": (
        "column {column}: a tab in the indentation; indent with spaces only",
        "第{column}列：缩进中有制表符（Tab）；请只用空格缩进",
    ),
    "yaml_fullwidth_space": (
        "column {column}: a full-width space (U+3000); use ordinary spaces",
        "第{column}列：有全角空格；请改用半角空格",
    ),
    "yaml_unclosed_quote": (
        "column {column}: a quote opened here is never closed; close it on the same line",
        "第{column}列：此处的引号没有闭合；请在同一行补上另一半引号",
    ),
    "yaml_reason_colon": ("a key's colon is missing", "缺少键后面的冒号"),
    "yaml_reason_mapping_here": (
        "a colon and a space inside a value; put the value in quotes",
        "值中出现了“冒号加空格”；请给整个值加上引号",
    ),
    "yaml_reason_bad_start": (
        "a character that cannot start a value here (a tab, @ or `); put the value in quotes",
        "此处的字符不能作为值的开头（如制表符、@、`）；请给整个值加上引号",
    ),
    "yaml_reason_indent": (
        "the indentation does not match the lines around it",
        "缩进与上下行不一致",
    ),
    "yaml_reason_end": ("the file ends in the middle of a value", "文件在一个值的中间结束"),
    "yaml_reason_flow_list": (
        "the [ ] list opened here is not closed",
        "此处开始的方括号列表 [ ] 没有闭合",
    ),
    "yaml_reason_flow_map": (
        "the {{ }} opened here is not closed",
        "此处开始的花括号 {{ }} 没有闭合",
    ),
    "yaml_tab_reason": (
        "a tab in the indentation; indent with spaces only",
        "缩进中有制表符（Tab）；请只用空格缩进",
    ),
    "interrupted": ("Interrupted; nothing was written.", "已中断，未写入任何内容。"),
    "usage_try": ("Try '{command}' for help.", "运行 {command} 查看帮助。"),
    "no_such_option": ("No such option: {option}", "没有选项 {option}"),
    "no_such_option_hint": (
        "No such option: {option} (Possible options: {options})",
        "没有选项 {option}（是否应为：{options}）",
    ),
    "missing_argument": ("Missing argument {name}.", "缺少参数：{name}"),
    "missing_option": ("Missing option {name}.", "缺少选项：{name}"),
    "bad_value": ("Invalid value for {name}: {reason}", "{name} 的值无效：{reason}"),
    "option_needs_value": ("Option {option} requires a value.", "选项 {option} 需要一个值"),
    # the paper trail and the assessment
    "already_received": (
        "{unit} handed in {deliverable} on {day} already",
        "{unit} 已于 {day} 报送 {deliverable}",
    ),
    "already_replied": (
        "the reply slip of {record} came back on {day} already",
        "{record} 的回执已于 {day} 返回",
    ),
    "bad_score": (
        "--score: {value} is not a mark from 0 to 100",
        "--score：{value} 不是 0 到 100 之间的分数",
    ),
    "no_deliverable": (
        "no deliverable {deliverable} in the campaign (it declares: {known})",
        "专项中没有报送事项 {deliverable}（已列明：{known}）",
    ),
    "no_rubric": (
        "campaign {campaign} declares no rubric: add `rubric:` with its methods and weights to the campaign (see the README)",
        "专项 {campaign} 没有列明测评办法：请在 campaign 下加入 `rubric:`，写明各测评方法及权重（见 README）",
    ),
    "reply_before_issue": (
        "--reply-by is before the document's day ({day})",
        "--reply-by 早于发文日期（{day}）",
    ),
    "reply_by_needs_issue": ("--reply-by goes with --issue", "--reply-by 须与 --issue 同时使用"),
    "unit_needed": ("--unit: name the unit of the {kind}", "--unit：请写明{kind}的单位"),
    "unknown_source": (
        "source {source} is no activity of this ledger",
        "发现来源 {source} 不是本台账中的活动",
    ),
    "received_before_phase": (
        "received before its phase, {phase}, began ({day})",
        "报送日期早于其所属阶段“{phase}”的开始日期（{day}）",
    ),
    "received_after_end": (
        "received after the campaign ended ({day})",
        "报送日期晚于专项结束日期（{day}）",
    ),
    "unknown_method": (
        "'{method}' is no method of the campaign's rubric ({methods})",
        "“{method}”不是本专项测评办法中的方法（{methods}）",
    ),
    "doc_issued": (
        "issued {number} ({id}): {kind} to {to}",
        "已发出 {number}（{id}）：致{to}的{kind}",
    ),
    "doc_issued_by": (
        "issued {number} ({id}): {kind} to {to}; its reply slip is due by {day}",
        "已发出 {number}（{id}）：致{to}的{kind}，回执须于 {day} 前返回",
    ),
    "doc_replied": (
        "the reply slip of {number} came back on {day}",
        "{number} 的回执已于 {day} 返回",
    ),
    "deliverable_received": ("{unit} handed in {id} on {day}", "已登记 {unit} 于 {day} 报送 {id}"),
    "score_entered": ("{id}: {unit}, {method}, {score}", "{id}：{unit}，{method}，{score}分"),
    "scores_entered": ("entered {count} mark(s)", "已录入{count}项分数"),
    "doc_name_notice": ("rectification notice", "督促限期整改通知书"),
    "doc_name_reminder": ("reminder letter", "提醒敦促函"),
    "doc_name_letter": ("supervision letter", "督办函"),
    "doc_name_interview_notice": ("interview notice", "约谈通知"),
    "col_number": ("Number", "文号"),
    "col_reply": ("Reply slip", "回执"),
    "col_unit": ("Unit", "单位"),
    "col_score": ("Score", "总分"),
    "col_grade": ("Grade", "等次"),
    "reply_back": ("back on {day}", "已于 {day} 返回"),
    "reply_none": ("none asked", "无须回执"),
    "reply_awaited": ("due by {day}", "须于 {day} 前返回"),
    "reply_overdue": ("due by {day}: {days} d overdue", "应于 {day} 前返回，已逾期{days}天"),
    "named_in": ("Named in:", "相关文书："),
    "named_in_line": (
        "{number}, {kind}, {day}, to {to}; reply slip: {reply}",
        "{number}，{kind}，{day}，致{to}；回执：{reply}",
    ),
    "due_papers": ("Reply slips overdue and deliverables owed:", "回执逾期及待报送事项："),
    "due_reply_line": ("reply slip of {number} ({id}): {state}", "{number}（{id}）的回执：{state}"),
    "owed_due": ("{what} ({id}), due by {due}", "{what}（{id}），须于 {due} 前报送"),
    "owed_overdue": (
        "{what} ({id}), due by {due}: {days} d overdue",
        "{what}（{id}），应于 {due} 前报送，已逾期{days}天",
    ),
    "stage_phase": ("phase: {phase}", "当前阶段：{phase}"),
    "assess_head": (
        "{title} ({campaign}): scorecard as of {as_of}",
        "{title}（{campaign}）单位测评（截至{as_of}）",
    ),
    "assess_sheet": ("Scorecard", "测评结果"),
    "assess_points_sheet": ("Points", "得分明细"),
    "point_entered": (
        "{method}: {score}, as entered ({source})",
        "{method}：{score}分（录入记录 {source}）",
    ),
    "point_taken": (
        "{method}: −{points} for {count} {indicator} ({sources})",
        "{method}：{indicator}{count}项，扣{points}分（{sources}）",
    ),
    "point_missing": ("{method}: no mark entered yet", "{method}：尚未录入分数"),
    "method_questionnaire": ("questionnaire", "问卷调查"),
    "method_covert": ("covert inspection", "暗访检查"),
    "method_public": ("public review", "公开评议"),
    "method_assessment": ("organisational assessment", "组织考核"),
    "grade_satisfied": ("satisfied", "满意"),
    "grade_basically_satisfied": ("basically satisfied", "基本满意"),
    "grade_not_satisfied": ("not satisfied", "不满意"),
    "indicator_overdue": ("overdue finding(s)", "超期问题"),
    "indicator_reopened_twice": ("finding(s) reopened twice or more", "两次以上重新整改的问题"),
    "indicator_escalated": ("finding(s) under listed supervision", "挂牌督办的问题"),
    "indicator_replies_overdue": ("reply slip(s) overdue", "逾期未返回的回执"),
    "indicator_late": ("finding(s) rectified late", "逾期完成整改的问题"),
    "kind_interview": ("interview of a unit", "约谈"),
    "kind_investigation": ("escalated investigation", "提级调查"),
    "mode_open": ("open", "明查"),
    "mode_covert": ("covert", "暗访"),
    "event_issued": ("issued", "发出"),
    "event_replied": ("replied", "回执返回"),
    "event_received": ("received", "已报送"),
    "event_entered": ("entered", "录入"),
    # a city's rollup
    "no_sources": (
        "no sources file {path}: start one with `ledger sources add NAME URL`",
        "没有来源文件 {path}：可用 `ledger sources add 名称 地址` 新建",
    ),
    "bad_sources": (
        "{path} is not a sources file: write `sources:` and a list of {{name, url, branch, data}}",
        "{path} 不是来源文件：应为 `sources:` 加 {{name, url, branch, data}} 的列表",
    ),
    "bad_source_value": (
        "a source's name, URL, branch and folder are one line each",
        "来源的名称、地址、分支和文件夹都应写成一行",
    ),
    "source_exists": ("a source named {name} is there already", "已有名为 {name} 的来源"),
    "no_source": ("no source {name} (sources: {names})", "没有来源 {name}（现有来源：{names}）"),
    "source_added": ("added {name} to {path}", "已将 {name} 加入 {path}"),
    "source_removed": ("removed {name}", "已删除来源 {name}"),
    "syncing": ("fetching the districts", "正在获取各区台账"),
    "source_never": ("never fetched", "尚未获取"),
    "source_unreachable": (
        "could not be fetched: no such repository or branch there, or not reachable",
        "无法获取：该地址没有这个仓库或分支，或无法连接",
    ),
    "source_at": ("{commit} ({day})", "{commit}（{day}）"),
    "source_stale": (
        "{commit} ({day}), STALE: not reached, as fetched {days} d ago",
        "{commit}（{day}），未能更新：无法连接，沿用{days}天前获取的状态",
    ),
    "source_rewritten": (
        "; its history was rewritten: fetched again",
        "；其历史已被改写，已重新获取",
    ),
    "source_error": (" ({reason})", "（{reason}）"),
    "source_not_synced": (
        "never fetched: run `ledger sync`",
        "尚未获取：请运行 `ledger sync`",
    ),
    "no_campaign_in_sources": (
        "no district or campaign '{campaign}' in the sources (campaigns: {campaigns})",
        "各来源中没有区或专项“{campaign}”（现有：{campaigns}）",
    ),
    "by_district": ("By district", "按区"),
    "report_stamp_sources": (
        "As of {as_of}. From the districts: {sources}.",
        "数据截至 {as_of}，来自各区：{sources}。",
    ),
    "col_district": ("District", "区"),
    "stamp_source": ("{name}: commit {commit} of {day}", "{name}：提交 {commit}（{day}）"),
    "stamp_stale": (
        "{name}: commit {commit} of {day}, STALE (not reached; fetched {days} d ago)",
        "{name}：提交 {commit}（{day}），未能更新（无法连接，沿用{days}天前获取的状态）",
    ),
    "use_shown": ("default campaign: {campaign}", "默认专项：{campaign}"),
    "use_none": (
        "no default campaign: commands need -c where the folder holds several",
        "未设默认专项：数据目录中有多个专项时，命令须用 -c 指定",
    ),
    "use_set": (
        "commands now work on {campaign} when -c is not given",
        "未用 -c 指定时，命令将针对专项 {campaign}",
    ),
    "use_cleared": ("no default campaign now", "已取消默认专项"),
    "use_or_clear": ("give a campaign or --clear, not both", "请给出专项或 --clear，不要同时给出"),
    "use_env_wins": (
        "LEDGER_CAMPAIGN is set to {campaign}, and wins over `ledger use` while it is",
        "环境变量 LEDGER_CAMPAIGN 已设为 {campaign}，设置期间以它为准",
    ),
    "using_default": (
        "default campaign {campaign} (-c names another, --all takes every one)",
        "默认专项：{campaign}（用 -c 指定其他专项，--all 表示全部专项）",
    ),
    "campaign_ambiguous": (
        "'{campaign}' starts several campaigns' ids ({campaigns}): type more of it",
        "以“{campaign}”开头的专项不止一个（{campaigns}）：请多输入几个字符",
    ),
    "no_ledgers": (
        "no ledgers (*.yaml) in {path}: create one with `ledger init`",
        "{path} 中没有台账文件（*.yaml）：可用 `ledger init` 新建",
    ),
    "campaign_needed": (
        "several campaigns here ({campaigns}): name one with -c/--campaign",
        "这里有多个专项（{campaigns}）：请用 -c/--campaign 指定一个",
    ),
    "no_finding": ("no finding {finding} in any ledger", "各台账中都没有问题 {finding}"),
    "not_yet_found": (
        "{finding} was not yet found on {day}",
        "截至{day}，{finding} 尚未被发现",
    ),
    "no_finding_in": ("no finding {finding} in {campaign}", "{campaign} 中没有问题 {finding}"),
    "finding_ambiguous": (
        "finding {finding} is in several campaigns ({campaigns}): name one with -c/--campaign",
        "问题 {finding} 出现在多个专项中（{campaigns}）：请用 -c/--campaign 指定",
    ),
    "findings_in_several": (
        "these findings belong to different campaigns ({campaigns}): give one command per campaign",
        "这些问题属于不同专项（{campaigns}）：请按专项分别执行",
    ),
    "lock_waiting": (
        "ledger: waiting for the lock on {path}: {ahead} command(s) ahead …",
        "ledger：正在等待 {path} 的锁，前面还有 {ahead} 个命令……",
    ),
    "lock_timeout": (
        "{path} is locked by another ledger command; gave up after {seconds} s",
        "{path} 正被另一个 ledger 命令锁定，等待 {seconds} 秒后放弃",
    ),
    "changed_meanwhile": (
        "{path} changed on disk while this command was editing it; nothing was written, run it again",
        "编辑期间 {path} 被改动，未写入任何内容，请重新执行",
    ),
    "edit_mismatch": (
        "could not edit {path} safely; nothing was written (please report this)",
        "无法安全地修改 {path}，未写入任何内容（请报告此问题）",
    ),
    "cannot_round_trip": (
        "{path}:{line}: this part cannot be edited safely ({reason}); nothing was written: fix it by hand (ledger check helps)",
        "{path}:{line}：此处无法安全修改（{reason}），未写入任何内容：请手工修正（可用 ledger check 检查）",
    ),
    "would_lose_comments": (
        "{path}: this change could only be made by rewriting the whole file, which would drop comments ({comments}); nothing was written: move those comments out of the [ ] or {{ }} lists, or make the change by hand",
        "{path}：此修改只能通过重写整个文件完成，但会丢失注释（{comments}）；未写入任何内容：请把这些注释移出 [ ] 或 {{ }} 列表，或手工修改",
    ),
    "read_only": (
        "{path} is read-only; nothing was written (make it writable to edit it)",
        "{path} 是只读文件，未写入任何内容（如需修改，请先取消只读）",
    ),
    "hard_linked": (
        "{path} has {links} names (hard links); replacing it would split them, so nothing was "
        "written: remove the other names, or work on a copy",
        "{path} 有 {links} 个硬链接，改写会使它们分离，因此未写入任何内容：请删除其他链接，或改用副本",
    ),
    "cannot_keep_owner": (
        "{path} belongs to {owner}; writing it would make it yours, so nothing was written: "
        "run the command as {owner}, or take the file over first",
        "{path} 属于 {owner}，改写会使其归属于您，因此未写入任何内容：请以 {owner} 身份运行，或先将文件改为归您所有",
    ),
    "reason_not_found": ("no such file or folder", "文件或文件夹不存在"),
    "reason_permission": ("permission denied", "没有权限"),
    "reason_is_folder": ("it is a folder", "这是一个文件夹"),
    "reason_not_folder": ("a part of the path is not a folder", "路径中有一级不是文件夹"),
    "reason_disk_full": ("the disk is full", "磁盘已满"),
    "reason_read_only_fs": ("the disk is mounted read-only", "磁盘为只读"),
    "reason_link_loop": ("symbolic links loop", "符号链接循环"),
    "reason_name_too_long": ("the name is too long", "文件名过长"),
    "reason_exists": ("it exists already", "已经存在"),
    "reason_not_regular": (
        "not a regular file (a pipe, a device or a socket)",
        "不是普通文件（而是管道、设备或套接字）",
    ),
    "cannot_write": ("cannot write {path}: {reason}", "无法写入 {path}：{reason}"),
    "cannot_read": ("cannot read {path}: {reason}", "无法读取 {path}：{reason}"),
    "file_error": ("{path}: {reason}", "{path}：{reason}"),
    "unreadable": ("cannot read the file: {reason}", "无法读取文件：{reason}"),
    "file_too_large": ("file is larger than {mb} MB", "文件超过 {mb} MB"),
    "not_utf8": ("the file is not UTF-8 text", "文件不是 UTF-8 文本"),
    "yaml_error": (
        "YAML error at column {column}: {reason}",
        "YAML 格式错误（第{column}列）：{reason}",
    ),
    "not_a_ledger": (
        "not a ledger: the file must be a mapping with ledger, campaign and findings (it is {kind})",
        "不是台账：文件应是包含 ledger、campaign、findings 的映射（实为 {kind}）",
    ),
    "format_too_new": (
        "ledger format {version} is newer than this tool understands (1 and 2): upgrade ledger",
        "台账格式 {version} 比本工具支持的（1 和 2）新：请升级 ledger",
    ),
    "format_unknown": (
        "unknown ledger format {version}: this tool reads formats 1 and 2",
        "未知台账格式 {version}：本工具读取格式 1 和 2",
    ),
    "on_in_format_2": (
        "in format 2 this key is written `date:` (YAML 1.1 readers take `on` for true)",
        "格式 2 中此键应写作 `date:`（YAML 1.1 的读取程序会把 `on` 当作 true）",
    ),
    "field_missing": ("required field is missing", "缺少必填字段"),
    "field_not_text": ("must be text", "应为文本"),
    "field_not_date": (
        "'{value}' is not a date (write 2020-05-31)",
        "“{value}”不是日期（应写作 2020-05-31）",
    ),
    "field_not_iso_date": (
        "'{value}' is not written as a date is in a ledger: write {iso}",
        "“{value}”不是台账中日期的写法：应写作 {iso}",
    ),
    "field_not_integer": ("must be a whole number", "应为整数"),
    "field_not_list": ("must be a list", "应为列表"),
    "field_not_mapping": ("must be a mapping of keys to values", "应为键值映射"),
    "field_not_one_of": (
        "'{value}' is not one of {expected}",
        "“{value}”不是以下之一：{expected}",
    ),
    "field_invalid": ("invalid value: {detail}", "取值无效：{detail}"),
    "campaign_id_mismatch": (
        "campaign id '{campaign}' does not match the file name {file}: a copy of a ledger would count its campaign twice, so it is not read (rename the file, or remove the copy)",
        "专项编号“{campaign}”与文件名 {file} 不一致：台账的副本会使该专项被重复统计，因此不予读取（请改正文件名，或删除副本）",
    ),
    "not_one_line": (
        "{option}: write it on one line, without line breaks or control characters",
        "{option}：请写成一行，不含换行符或控制字符",
    ),
    "id_unseen_character": (
        "the id holds a character nobody sees ({char}); ids are written in visible characters only",
        "编号含有看不见的字符（{char}）；编号只能由可见字符组成",
    ),
    "id_not_nfc": (
        "the id's letters are composed unusually (not NFC), unlike the same id typed; retype it",
        "编号中的字符组合方式与键盘输入的不同，看似相同实则不同，请重新输入",
    ),
    "duplicate_id": (
        "id used twice (first at line {first}); if two clerks added it, give this one the next free id, {free}",
        "编号重复（首次出现在第{first}行）；如系两人分别新增，请将此条改为下一个空闲编号 {free}",
    ),
    "deadline_before_found": (
        "deadline is before found_on {found_on}",
        "整改时限早于发现日期 {found_on}",
    ),
    "fixed_before_found": (
        "fixed_on is before found_on {found_on}",
        "整改完成日期早于发现日期 {found_on}",
    ),
    "fixed_without_date": (
        "status is {status} but fixed_on is missing",
        "状态为{status}，但缺少整改完成日期（fixed_on）",
    ),
    "open_with_fixed_on": (
        "status is open but fixed_on is set",
        "状态为 open，却填写了整改完成日期 fixed_on",
    ),
    "history_start": (
        "history must start with `found` on found_on ({found_on})",
        "历史记录应以发现日期（{found_on}）的 found 开始",
    ),
    "history_order": ("history events are not in date order", "历史记录未按日期排序"),
    "amend_needs_reason": (
        "--amend and --reason go together: say why the figures are published again",
        "--amend 与 --reason 须同时给出：请说明重新报送的原因",
    ),
    "not_published": (
        "nothing was published for {day} in {path}: publish it first (without --amend)",
        "{path} 中没有{day}的报送记录：请先报送（不加 --amend）",
    ),
    "published_would_change": (
        "this would change figures already published; nothing was written. If the change is right, give --amend-published REASON: the publication then takes the new figures and keeps the old ones in its history",
        "此操作会改变已报送的数字，未写入任何内容。如确需更改，请加 --amend-published 原因：报送记录将改为新数字，并在其历史中保留原数字",
    ),
    "published_change": (
        "published {day}: {differences}",
        "{day}已报送的数字将改变：{differences}",
    ),
    "stored_vs_history": (
        "the file says {stored}, but its history gives {replayed}: the history decides; correct the field, or record the step that is missing",
        "文件中写的是 {stored}，但按历史记录应为 {replayed}：以历史记录为准；请改正此字段，或补记缺少的那一步",
    ),
    "dated_in_future": (
        "{day} is after today ({today}): a step counts only once it has happened",
        "{day} 晚于今天（{today}）：尚未发生的事不能计入",
    ),
    "not_in_registry": (
        "'{value}' is not declared in the campaign{hint_text}",
        "“{value}”不在专项登记的名单中{hint_text}",
    ),
    "not_in_registry_input": (
        "--{field}: '{value}' is not declared in the campaign{hint_text} (declared: {known})",
        "--{field}：“{value}”不在专项登记的名单中{hint_text}（已登记：{known}）",
    ),
    "did_you_mean": ("; did you mean '{suggestion}'?", "；是否应为“{suggestion}”？"),
    "bad_prefix": (
        "prefix '{prefix}' must be a letter followed by up to 15 letters or digits",
        "前缀“{prefix}”应以字母开头，后跟最多15个字母或数字",
    ),
    "end_before_start": (
        "--end {end} is before --start {start}",
        "--end {end} 早于 --start {start}",
    ),
    "campaign_exists": (
        "{path} exists already; init never overwrites a ledger",
        "{path} 已存在；init 不会覆盖已有台账",
    ),
    "bad_choice": (
        "{option}: '{value}' is not one of {choices}",
        "{option}：“{value}”不是以下之一：{choices}",
    ),
    "date_in_future": ("{option}: {day} is in the future", "{option}：{day} 是将来的日期"),
    "deadline_before_found_input": (
        "--deadline {deadline} is before --found-on {found_on}",
        "--deadline {deadline} 早于 --found-on {found_on}",
    ),
    "empty_value": ("{option} must not be empty", "{option} 不能为空"),
    "bad_finding": ("invalid finding: {detail}", "问题信息无效：{detail}"),
    "repeated_ids": ("the same id is given twice", "同一编号给出了两次"),
    "cannot_fixed": (
        "{finding} is {status}: only an open finding can be rectified",
        "{finding} 当前状态为“{status}”：只有未整改（open）的问题可以标记整改完成",
    ),
    "cannot_verified": (
        "{finding} is {status}: it must be rectified (fixed) before the look-back can accept it",
        "{finding} 当前状态为“{status}”：须先整改完成（fixed），才能验收销号",
    ),
    "cannot_reopened": (
        "{finding} is {status}: only a fixed or verified finding can be reopened",
        "{finding} 当前状态为“{status}”：只有已整改或已验收的问题可以重新整改",
    ),
    "cannot_dropped": (
        "{finding} is {status} already",
        "{finding} 已是“{status}”状态",
    ),
    "cannot_extended": (
        "{finding} is {status}: only an open finding's deadline can be extended",
        "{finding} 当前状态为“{status}”：只有未整改的问题可以延期",
    ),
    "cannot_escalated": (
        "{finding} is {status}: only an open finding can be put under listed supervision",
        "{finding} 当前状态为“{status}”：只有未整改的问题可以挂牌督办",
    ),
    "cannot_deescalated": ("{finding} is {status}", "{finding} 当前状态为“{status}”"),
    "before_last_event": (
        "{finding}: --on is before its last recorded event ({day})",
        "{finding}：--on 早于其最近一次记录（{day}）",
    ),
    "extend_not_later": (
        "{finding}: the new deadline must be after the current one ({deadline})",
        "{finding}：新的整改时限须晚于现有时限（{deadline}）",
    ),
    "deadline_before_reopen": (
        "{finding}: the new deadline is before the reopening ({day})",
        "{finding}：新的整改时限早于重新整改日期（{day}）",
    ),
    "nothing_to_edit": ("give at least one of {fields}", "请至少给出 {fields} 之一"),
    "nothing_changes": ("{finding} already has these values", "{finding} 已是这些值，无需修改"),
    "edited": ("Edited {id}: {fields}", "已修改 {id}：{fields}"),
    "change_line": ("{field}: {old} → {new}", "{field}：{old} → {new}"),
    "list_separator": ("; ", "；"),
    "reason_needed": ("--reason is needed to record {event}", "记录“{event}”须给出 --reason 原因"),
    "refused": (
        "{count} finding(s) refused; nothing was written",
        "{count} 个问题无法处理，未写入任何内容",
    ),
    "bad_due_within": (
        "--within must be 0 or more days, not {value}",
        "--within 应为 0 或更多天，而不是 {value}",
    ),
    "missing_options": (
        "missing {options}: a finding needs an owner, a measure and a deadline",
        "缺少 {options}：每个问题都要有责任单位、整改措施和整改时限",
    ),
    "missing_five": (
        "missing {options}: a major finding needs funds and a contingency plan too (five in place)",
        "缺少 {options}：重大隐患须做到责任、措施、资金、时限、预案“五到位”",
    ),
    "major_lacks": (
        "a major finding without {field}: responsibility, measure, funds, deadline and plan must all be in place",
        "重大隐患缺少{field}：须做到责任、措施、资金、时限、预案“五到位”",
    ),
    "field_funds": ("Funds", "资金"),
    "field_plan": ("Contingency plan", "预案"),
    "prompt_funds": ("Funds (资金)", "资金"),
    "prompt_plan": ("Contingency plan (预案)", "应急预案"),
    "notice_title": ("Notice to rectify within the time limit", "督促限期整改通知书"),
    "notice_colon": (":", "："),
    "notice_body": (
        "In the campaign {title} ({campaign}), the inspection groups found the {count} problem(s) below, for which you are responsible and which were not rectified as of {day}. Please rectify them by the measures set out, within the time limits, and return the reply slip below with the state of each to {sender}.",
        "在{title}（{campaign}）中，督导组发现由贵单位负责整改的下列{count}个问题，截至{day}尚未整改完成。请按整改措施抓紧整改，在整改时限内完成，并将整改情况填入下方回执，报送{sender}。",
    ),
    "notice_col_n": ("No.", "序号"),
    "notice_col_id": ("ID", "编号"),
    "notice_col_title": ("Problem", "问题描述"),
    "notice_col_location": ("Location", "地点"),
    "notice_col_measure": ("Measure", "整改措施"),
    "notice_col_deadline": ("Deadline", "整改时限"),
    "notice_col_overdue": ("Days overdue", "超期天数"),
    "notice_col_status": ("State of rectification", "整改情况"),
    "notice_col_done_on": ("Completed on", "完成时间"),
    "notice_reply": ("Reply slip", "回执"),
    "notice_reply_body_by": (
        "Fill in and return to {sender} with the supporting material by {day}.",
        "请于{day}前填写后连同佐证材料一并报送{sender}。",
    ),
    "notice_reply_body": (
        "Fill in and return to {sender} with the supporting material.",
        "请填写后连同佐证材料一并报送{sender}。",
    ),
    "notice_stamp": (
        "Responsible unit (stamp):            Person in charge:            Date:",
        "责任单位（盖章）：　　　　　　　　负责人：　　　　　　　　日期：",
    ),
    "notice_nothing": (
        "{owner} has no open findings as of {day}: no notice to send (owners with open findings: {owners})",
        "截至{day}，{owner}没有未整改的问题，无需发送通知书（有未整改问题的责任单位：{owners}）",
    ),
    "docx_needs_output": ("--format docx needs -o FILE", "--format docx 须用 -o 指定文件"),
    "notice_written": ("Wrote {path}", "已写入 {path}"),
    "evidence_missing": ("evidence file {file} is missing", "佐证材料 {file} 不存在"),
    "evidence_not_found": ("--evidence: no file {file}", "--evidence：找不到文件 {file}"),
    "evidence_outside": (
        "--evidence: {file} is outside the ledgers' repository {root}",
        "--evidence：{file} 不在台账所在的仓库 {root} 内",
    ),
    "warning": ("warning", "提示"),
    "warned": ("warning: {message}", "提示：{message}"),
    "evidence_outside_file": (
        "evidence {file} lies outside the ledgers' repository: record only files inside it",
        "佐证材料 {file} 不在台账所在的仓库内：只能记录仓库内的文件",
    ),
    "renumbered_mentions": (
        "renumbered from {old} to {new} by a merge; the old id is still named in: {where}. Check them, then delete `mentions` from the renumbered event",
        "合并时由 {old} 重新编号为 {new}；以下位置仍写着旧编号：{where}。请核对后删除该“重新编号”记录中的 mentions",
    ),
    "setup_missing": (
        "not set: {what} (run ledger git-setup)",
        "未设置：{what}（请运行 ledger git-setup）",
    ),
    "driver_broken": (
        "the merge driver no longer runs ({driver}): git would merge ledgers line by line; run ledger git-setup again",
        "合并驱动已无法运行（{driver}）：git 将按行合并台账；请重新运行 ledger git-setup",
    ),
    "setup_ok": (
        "git is set up for the ledgers: attributes, driver (it runs)",
        "git 已为台账设置好：属性文件、合并驱动（可运行）",
    ),
    "check_warned": (
        "{files} ledger(s) checked, no problems, {warnings} warning(s)",
        "已检查{files}个台账，未发现问题，{warnings}条提示",
    ),
    "no_ids": ("name at least one finding id", "请至少给出一个问题编号"),
    "bad_today": (
        "LEDGER_TODAY: '{value}' is not a date (write 2020-09-30)",
        "LEDGER_TODAY：“{value}”不是日期（应写作 2020-09-30）",
    ),
    # output
    "summary_head": ("{title} ({campaign}) · as of {as_of}", "{title}（{campaign}）· 截至{as_of}"),
    "summary_line": (
        "{found} found, {fixed} fixed ({rate}), {open} open, {overdue} overdue",
        "发现问题{found}处，整改完成{fixed}处（{rate}），未完成{open}处，其中超期{overdue}处",
    ),
    "all_campaigns": ("All campaigns · as of {as_of}", "全部专项 · 截至{as_of}"),
    "total": ("Total", "合计"),
    "none": ("(none)", "（无）"),
    "by_area": ("By focus area", "按领域"),
    "by_owner": ("By owner", "按责任单位"),
    "by_severity": ("By severity", "按隐患等级"),
    "by_street": ("By street office", "按街道"),
    "col_campaign": ("Campaign", "专项"),
    "col_title": ("Title", "名称"),
    "col_area": ("Focus area", "领域"),
    "col_owner": ("Owner", "责任单位"),
    "col_severity": ("Severity", "等级"),
    "col_found": ("Found", "发现"),
    "col_fixed": ("Fixed", "已整改"),
    "col_rate": ("Rate", "整改率"),
    "col_open": ("Open", "未完成"),
    "col_overdue": ("Overdue", "超期"),
    "col_id": ("ID", "编号"),
    "col_problem": ("Finding", "问题"),
    "col_deadline": ("Deadline", "整改时限"),
    "col_status": ("Status", "状态"),
    "col_days": ("Days left", "剩余天数"),
    "col_closed": ("Fixed on / reason", "完成日期/撤销原因"),
    "col_on": ("Date", "日期"),
    "col_event": ("Event", "事件"),
    "col_by": ("By", "经办人"),
    "col_note": ("Note", "备注"),
    "list_count": ("{count} finding(s)", "共{count}条"),
    "due_count": (
        "{count} finding(s) to chase, {owners} owner(s)",
        "共{count}条待督促，涉及{owners}个责任单位",
    ),
    "field_id": ("ID", "编号"),
    "field_campaign": ("Campaign", "所属专项"),
    "field_title": ("Finding", "问题描述"),
    "field_area": ("Focus area", "领域"),
    "field_location": ("Location", "地点"),
    "field_found_on": ("Found on", "发现日期"),
    "field_found_by": ("Found by", "发现人/督导组"),
    "field_source": ("Found at", "发现来源"),
    "field_severity": ("Severity", "隐患等级"),
    "field_owner": ("Owner", "责任单位"),
    "field_contact": ("Contact", "责任人"),
    "field_measure": ("Measure", "整改措施"),
    "field_deadline": ("Deadline", "整改时限"),
    "field_status": ("Status", "整改状态"),
    "field_escalation": ("Listed supervision", "挂牌督办"),
    "field_supervisor": ("Supervising unit", "督办单位"),
    "field_fixed_on": ("Fixed on", "整改完成日期"),
    "field_fix_note": ("Fix note", "整改情况"),
    "history_of": ("History of {id}: {title}", "{id} 的历史记录：{title}"),
    "event_correction": ("corrected", "更正"),
    "status_open": ("open", "未整改"),
    "status_fixed": ("fixed", "已整改"),
    "status_verified": ("verified", "已验收"),
    "status_dropped": ("dropped", "已撤销"),
    "status_overdue": ("overdue", "已超期"),
    "severity_general": ("general", "一般"),
    "severity_major": ("major", "重大"),
    "event_found": ("found", "发现"),
    "event_fixed": ("fixed", "整改完成"),
    "event_verified": ("verified", "验收销号"),
    "event_reopened": ("reopened", "重新整改"),
    "event_dropped": ("dropped", "撤销"),
    "event_extended": ("extended", "延期"),
    "event_edited": ("edited", "修改"),
    "event_escalated": ("escalated", "挂牌督办"),
    "event_deescalated": ("supervision lifted", "解除督办"),
    "event_renumbered": ("renumbered by a merge", "合并时重新编号"),
    "days_overdue": ("{days} d overdue", "超期{days}天"),
    "days_left": ("{days} d", "{days}天"),
    "created": ("Created {path}", "已创建 {path}"),
    "added": ("Added {id}: {title}", "已新增 {id}：{title}"),
    "done_fixed": ("Rectified {id} on {day}", "{id} 已于 {day} 整改完成"),
    "done_verified": ("Verified {id} on {day}", "{id} 已于 {day} 验收销号"),
    "done_reopened": (
        "Reopened {id} on {day}, new deadline {deadline}",
        "{id} 已于 {day} 重新整改，新的整改时限 {deadline}",
    ),
    "done_dropped": ("Dropped {id} on {day}", "{id} 已于 {day} 撤销"),
    "done_extended": (
        "Extended {id} to {deadline} on {day}",
        "{id} 已于 {day} 延期至 {deadline}",
    ),
    "summary_more": (
        "{verified} verified, {extended} extended, {reopened} reopened ({reopened_twice} twice or more), {dropped} dropped, {major_open} major open, {escalated} under listed supervision",
        "已验收销号{verified}处，延期{extended}处，重新整改{reopened}处（其中2次以上{reopened_twice}处），撤销{dropped}处，重大隐患未整改{major_open}处，挂牌督办{escalated}处",
    ),
    "step_or_off": ("give --step STEP, or --off", "请给出 --step 或 --off 之一"),
    "not_escalated": ("{finding} is not under listed supervision", "{finding} 未被挂牌督办"),
    "done_escalated": (
        "Escalated {id} on {day}: {step}",
        "{id} 已于 {day} 挂牌督办：{step}",
    ),
    "done_deescalated": ("Lifted the supervision of {id} on {day}", "{id} 已于 {day} 解除挂牌督办"),
    "ladder_notice": ("rectification notice", "整改通知"),
    "ladder_letter": ("supervision letter", "督办函"),
    "ladder_interview": ("summoning interview", "约谈"),
    "ladder_bulletin": ("public bulletin", "通报"),
    "mark_escalated": ("listed: {step}", "挂牌督办：{step}"),
    "mark_reopened": ("reopened ×{count}", "重新整改{count}次"),
    "col_details": ("Details", "说明"),
    "check_ok": ("{files} ledger(s) checked, no problems", "已检查{files}个台账，未发现问题"),
    "check_failed": (
        "{problems} problem(s) in {files} ledger(s)",
        "{files}个台账中发现{problems}处问题",
    ),
    "prompt_owner": ("Owner (责任单位)", "责任单位"),
    "prompt_measure": ("Measure (整改措施)", "整改措施"),
    "prompt_deadline": (
        "Deadline (整改时限, e.g. 2020-05-31, +30d or +15wd)",
        "整改时限（如 2020-05-31、+30天 或 +15个工作日）",
    ),
    "prompt_title": ("Finding (问题描述)", "问题描述"),
    "prompt_blank": (
        "It cannot be left blank; type it, or Ctrl-C to stop.",
        "此项不能为空；请输入，或按 Ctrl-C 放弃。",
    ),
    "prompt_hint": (
        "'{value}' is not on the campaign's list; did you mean '{hint}'?",
        "“{value}”不在专项登记的名单中；是否应为“{hint}”？",
    ),
    "prompt_not_listed": (
        "'{value}' is not on the campaign's list ({known}); type one of them",
        "“{value}”不在专项登记的名单中（已登记：{known}）；请输入其中之一",
    ),
    # git
    "merge_conflict": (
        "an unresolved merge conflict starts here (<<<<<<<): keep the right lines between the markers, delete the markers, then run ledger check",
        "此处有未解决的合并冲突（<<<<<<<）：保留标记之间正确的内容，删除标记行，再运行 ledger check",
    ),
    "merge_clean": ("merged {path}", "已合并 {path}"),
    "merge_renumbered": (
        "{path}: both sides added {old}; the one recorded later is now {new}",
        "{path}：双方都新增了 {old}，较晚记录的一条改为 {new}",
    ),
    "merge_conflicts": (
        "{path}: conflicts left between markers: {what}",
        "{path}：以下冲突已用标记标出：{what}",
    ),
    "merge_by_lines": (
        "{path}: this file cannot be merged finding by finding here (an unusual layout); merged line by line instead, as git does: every change is kept, conflicts between markers",
        "{path}：此文件的排版特殊，无法逐条合并；已按行合并（与 git 相同）：双方改动都已保留，冲突处有标记",
    ),
    "merge_mentions": (
        "{path}: {new} (was {old}) is still named by its old id in: {where}; check them, then delete `mentions` from its renumbered event (ledger check lists it until then)",
        "{path}：{new}（原编号 {old}）在以下位置仍以旧编号出现：{where}；请核对，然后删除其“重新编号”记录中的 mentions（在此之前 ledger check 会一直提示）",
    ),
    "merge_comment_kept": (
        "{path}: {count} comment(s) whose line both sides changed were kept at the end of {key}",
        "{path}：有{count}条注释所在的行被双方修改，已保留在 {key} 的末尾",
    ),
    "merge_comment_orphan": (
        "{path}: {key} was deleted on one side; the comments the other side added to it were kept in its place",
        "{path}：{key} 已被一方删除；另一方为它加的注释保留在原处",
    ),
    "merge_unreadable": (
        "{path}: a side does not parse ({reason}); merged line by line instead",
        "{path}：有一方无法解析（{reason}），改为逐行合并",
    ),
    "not_in_git": (
        "{path} is not in a git repository (run git init first)",
        "{path} 不在 git 仓库中（请先运行 git init）",
    ),
    "git_failed": ("git {command} failed: {reason}", "git {command} 失败：{reason}"),
    "hook_exists": (
        "{path} exists and is not ledger's: add `ledger check` to it by hand, or use the pre-commit framework (.pre-commit-hooks.yaml)",
        "{path} 已存在且不是 ledger 写的：请手工加入 `ledger check`，或使用 pre-commit 框架（.pre-commit-hooks.yaml）",
    ),
    "setup_wrote": ("wrote {what}", "已写入 {what}"),
    "setup_already": ("already set: {what}", "已设置：{what}"),
    "fmt_would_change": ("would reformat {path}", "需要重新排版 {path}"),
    "fmt_changed": ("reformatted {path}", "已重新排版 {path}"),
    "fmt_summary": (
        "{changed} of {files} ledger(s) {verb}",
        "{files} 个台账中有 {changed} 个{verb}",
    ),
    "fmt_verb_would": ("would change", "需要重新排版"),
    "fmt_verb_did": ("reformatted", "已重新排版"),
    "upgrade_would": ("would upgrade {path} to format 2", "{path} 需要升级为格式 2"),
    "upgrade_done": ("upgraded {path} to format 2", "已将 {path} 升级为格式 2"),
    "upgrade_summary": (
        "{changed} of {files} ledger(s) {verb}",
        "{files} 个台账中有 {changed} 个{verb}",
    ),
    "upgrade_verb_would": ("would be upgraded", "需要升级"),
    "upgrade_verb_did": ("upgraded", "已升级"),
    # spreadsheets
    "sheet_not_found": ("no file {path}", "找不到文件 {path}"),
    "sheet_format": (
        "{path}: import reads .xlsx and .csv files (save an .xls as .xlsx first)",
        "{path}：只能导入 .xlsx 和 .csv 文件（.xls 请先另存为 .xlsx）",
    ),
    "sheet_unreadable": (
        "cannot read the spreadsheet {path}: {reason}; nothing was imported",
        "无法读取表格 {path}：{reason}；未导入任何内容",
    ),
    "reason_not_zip": (
        "it is not an xlsx workbook (perhaps a CSV or an old .xls renamed, or a damaged file)",
        "它不是 xlsx 工作簿（可能是改了扩展名的 CSV 或旧版 .xls 文件，或文件已损坏）",
    ),
    "reason_xml_entities": (
        "its XML declares entities, which are refused (they can hide a bomb or read other files)",
        "其内容声明了实体，出于安全考虑拒绝读取（实体可能隐藏“炸弹”或读取其他文件）",
    ),
    "reason_xlsx_damaged": (
        "its contents are damaged (a sheet's XML is broken or a part is missing)",
        "文件内容已损坏（工作表内容不完整或缺少部分）",
    ),
    "reason_csv_damaged": (
        "the CSV text is damaged (a NUL byte, or a quote left open)",
        "CSV 文本已损坏（含空字符，或引号未闭合）",
    ),
    "reason_cell_too_large": (
        "a cell is longer than {limit} characters",
        "有单元格超过 {limit} 个字符",
    ),
    "sheet_no_such": (
        "no sheet '{sheet}' (the file has: {sheets})",
        "没有工作表“{sheet}”（文件中有：{sheets}）",
    ),
    "sheet_option_csv": (
        "--sheet is for xlsx files; a CSV file has one sheet",
        "--sheet 仅用于 xlsx 文件；CSV 只有一个表",
    ),
    "sheet_encoding": (
        "the CSV file is neither UTF-8 nor GB18030/GBK text",
        "CSV 文件既不是 UTF-8 也不是 GB18030/GBK 编码",
    ),
    "import_bad_map": (
        "--map {value}: write FIELD=列名, FIELD one of {fields}",
        "--map {value}：请写作 字段=列名，字段为 {fields} 之一",
    ),
    "import_no_header": (
        "no header row found in the first rows (looked for a column such as {headers} and two more known ones); name columns with --map FIELD=列名",
        "前几行中找不到表头（需有 {headers} 等列及另外两个可识别的列）；可用 --map 字段=列名 指定",
    ),
    "import_no_header_sheets": (
        "no header row in the first sheet (looked for a column such as {headers}); the file also has {sheets}: choose one with --sheet NAME, or name columns with --map FIELD=列名",
        "第一个工作表中找不到表头（需有 {headers} 等列）；文件中还有工作表 {sheets}：可用 --sheet 名称 选择，或用 --map 字段=列名 指定列",
    ),
    "import_no_column": (
        "no column for {field}: the sheet has none headed {words}; name yours with --map {field}=列名",
        "表中没有“{words}”等列：请用 --map {field}=列名 指明哪一列是它",
    ),
    "import_map_unknown": (
        "--map: the sheet has no column '{column}' (its columns: {headers})",
        "--map：表中没有“{column}”列（现有列：{headers}）",
    ),
    "import_bad_trail": (
        "line {number} of the history, '{line}', cannot be read (the first must say when it was found); keep each line as the export wrote it (2020-05-28｜延期｜…)",
        "处理记录第{number}行“{line}”无法识别（第一行应为发现记录）；请保持导出时的写法（如 2020-05-28｜延期｜…）",
    ),
    "import_assumed": ("assumed: {what}", "按以下假定处理：{what}"),
    "import_assumed_found_on": (
        "no 发现时间 column: every finding found on the campaign's start, {day}",
        "表中没有“发现时间”列：每个问题的发现日期均按专项开始日期 {day} 记录",
    ),
    "import_assumed_reopenings": (
        "the 重新整改次数 column gives no dates: reopenings are not recorded (an export of this tool carries them in 处理记录)",
        "“重新整改次数”列没有日期：重新整改未予记录（本工具导出的表格在“处理记录”列中保留了这些记录）",
    ),
    "import_figures": (
        "the findings today: {found} found, {fixed} fixed ({verified} verified), {open} open ({overdue} overdue), {dropped} dropped",
        "导入后截至今天：发现问题{found}处，整改完成{fixed}处（其中已验收{verified}处），未完成{open}处（其中超期{overdue}处），撤销{dropped}处",
    ),
    "import_totals": ("the sheet's totals row: {checks}", "表格合计行核对：{checks}"),
    "import_total_same": ("{what} {sheet} = {ours}", "{what} {sheet} = {ours}"),
    "import_total_differs": (
        "{what} {sheet} in the sheet ≠ {ours} read",
        "{what}表中为{sheet} ≠ 读出{ours}",
    ),
    "import_total_found": ("found", "发现"),
    "import_total_fixed": ("fixed", "已整改"),
    "import_total_verified": ("verified", "已验收"),
    "import_total_open": ("open", "未整改"),
    "import_total_overdue": ("overdue", "超期"),
    "import_total_dropped": ("dropped", "撤销"),
    "field_seq": ("No.", "序号"),
    "field_source_id": ("former id", "原编号"),
    "field_deadline_was": ("first deadline", "原整改时限"),
    "field_extended_to": ("extended to", "延期至"),
    "field_verified_on": ("verified on", "验收时间"),
    "field_note": ("note", "备注"),
    "field_reopened": ("times reopened", "重新整改次数"),
    "field_dropped_reason": ("reason dropped", "撤销原因"),
    "field_trail": ("history", "处理记录"),
    "import_missing": ("empty, but every finding needs it", "为空，但每个问题都必须填写"),
    "import_bad_escalation": (
        "'{value}' is not a step of listed supervision (write 是, 整改通知, 督办函, 约谈, 通报, or leave it empty)",
        "“{value}”不是挂牌督办的方式（可写 是、整改通知、督办函、约谈、通报，或留空）",
    ),
    "import_bad_date": (
        "'{value}' is not a date (2020-05-31, 2020/5/31, 2020.5.31, 2020年5月31日, 5月31日 or a date cell)",
        "“{value}”不是日期（可写 2020-05-31、2020/5/31、2020.5.31、2020年5月31日、5月31日 或日期单元格）",
    ),
    "import_no_found_on": (
        "no date found, and the campaign has no start date to use",
        "没有发现时间，专项也没有开始日期可用",
    ),
    "import_future": ("{day} is in the future", "{day} 是将来的日期"),
    "import_deadline_before_found": (
        "the deadline is before the day found ({found_on})",
        "整改时限早于发现时间（{found_on}）",
    ),
    "import_bad_status": (
        "'{value}' is not a status word (已整改, 整改完成, 完成, 是; 未整改, 整改中, 否, empty; 已销号)",
        "“{value}”不是可识别的整改状态（已整改、整改完成、完成、是；未整改、整改中、否、空；已销号）",
    ),
    "import_fixed_without_date": (
        "'{value}' says rectified, but there is no completion date",
        "“{value}”表示已整改，但没有完成时间",
    ),
    "import_open_with_date": (
        "'{value}' says not rectified, but a completion date is given",
        "“{value}”表示未整改，却填写了完成时间",
    ),
    "import_fixed_before_found": (
        "the completion date is before the day found ({found_on})",
        "完成时间早于发现时间（{found_on}）",
    ),
    "import_bad_severity": ("'{value}' is not 一般 or 重大", "“{value}”不是“一般”或“重大”"),
    "import_major_lacks": (
        "a major hazard needs its {field} (五到位)",
        "重大隐患须写明{field}（五到位）",
    ),
    "import_not_in_registry": (
        "'{value}' is not declared in the campaign{hint_text}",
        "“{value}”未在专项中登记{hint_text}",
    ),
    "import_invalid": ("{detail}", "{detail}"),
    "import_skipped_totals": ("a totals row, skipped", "合计行，已跳过"),
    "import_skipped_existing": (
        "'{title}' is already in the ledger (same title, location and owner), skipped",
        "“{title}”已在台账中（问题、地点、责任单位相同），已跳过",
    ),
    "import_row": (
        "{file}: row {row}: {column}: {message}",
        "{file}：第{row}行：{column}：{message}",
    ),
    "import_row_whole": ("{file}: row {row}: {message}", "{file}：第{row}行：{message}"),
    "import_failed": (
        "{count} problem(s) in {file}; nothing was imported",
        "{file} 中有{count}处问题，未导入任何内容",
    ),
    "import_would": (
        "would import {count} finding(s) into {campaign}; {skipped} row(s) skipped",
        "将向 {campaign} 导入{count}个问题；跳过{skipped}行",
    ),
    "import_done": (
        "imported {count} finding(s) into {campaign} ({ids}); {skipped} row(s) skipped",
        "已向 {campaign} 导入{count}个问题（{ids}）；跳过{skipped}行",
    ),
    "id_range": ("{first} to {last}", "{first} 至 {last}"),
    "import_nothing": (
        "nothing to import from {file}; {skipped} row(s) skipped",
        "{file} 中没有可导入的问题；跳过{skipped}行",
    ),
    "import_columns": ("columns: {columns}", "列：{columns}"),
    "import_kept": ("kept as is", "原样保留"),
    "importing": ("importing", "正在导入"),
    "xh_seq": ("No.", "序号"),
    "xh_id": ("ID", "编号"),
    "xh_title": ("Finding", "问题描述"),
    "xh_area": ("Area", "问题类别"),
    "xh_location": ("Location", "地点"),
    "xh_found_on": ("Found on", "发现时间"),
    "xh_found_by": ("Found by", "督导组"),
    "xh_severity": ("Severity", "隐患等级"),
    "xh_owner": ("Owner", "责任单位"),
    "xh_contact": ("Contact", "责任人"),
    "xh_measure": ("Measure", "整改措施"),
    "xh_funds": ("Funds", "整改资金"),
    "xh_plan": ("Plan", "应急预案"),
    "xh_deadline": ("Deadline", "整改时限"),
    "xh_status": ("Status", "整改状态"),
    "xh_fixed_on": ("Fixed on", "完成时间"),
    "xh_note": ("Note", "备注"),
    "xh_escalation": ("Escalation", "挂牌督办"),
    "xh_supervisor": ("Supervisor", "督办单位"),
    "xh_deadline_was": ("First deadline", "原整改时限"),
    "xh_verified_on": ("Verified on", "验收时间"),
    "xh_reopened": ("Times reopened", "重新整改次数"),
    "xh_dropped_reason": ("Reason dropped", "撤销原因"),
    "xh_trail": ("Event history", "处理记录"),
    "export_summary_title": (
        "{title}: summary as of {as_of}",
        "{title}整改情况汇总（截至{as_of}）",
    ),
    "export_title": ("{title}: findings as of {as_of}", "{title}问题整改台账（截至{as_of}）"),
    "export_sheet": ("Ledger", "整改台账"),
    "export_summary_sheet": ("Summary", "汇总"),
    "summary_of": ("Summary", "整改情况汇总"),
    "private_json_only": (
        "--include-private writes private mappings to JSON only; a sheet has no place for them",
        "--include-private 只能用于 JSON 导出；表格中没有存放保密信息的位置",
    ),
    "export_written": ("wrote {count} finding(s) to {path}", "已将{count}个问题写入 {path}"),
    "export_needs_output": (
        "--format xlsx writes a file: give -o FILE",
        "--format xlsx 须写入文件：请给出 -o FILE",
    ),
    # the campaign record
    "bad_participants": (
        "--participants: {value} is not a number of people",
        "--participants：{value} 不是人数",
    ),
    "item_needs_findings": (
        "a problem-list item groups findings: give at least one --finding ID",
        "问题清单条目须归并问题：请至少给出一个 --finding 编号",
    ),
    "no_findings_in": ("no finding {findings} in {campaign}", "{campaign} 中没有问题 {findings}"),
    "no_record_in": ("no entry {record} in {campaign}", "{campaign} 中没有条目 {record}"),
    "suggestion_already": (
        "suggestion {record} is already {status}",
        "意见建议 {record} 已经是“{status}”状态",
    ),
    "already_published": (
        "figures for {day} are already published in {path}; correct that entry by hand if it must change",
        "{path} 中已发布 {day} 的数据；确需更改请手工修改该条目",
    ),
    "published_mismatch": (
        "the figures published for {day} no longer match the ledger: {differences}",
        "{day} 发布的数据与台账不再一致：{differences}",
    ),
    "item_unknown_finding": (
        "item {record} lists {finding}, which is not a finding of this ledger",
        "问题清单条目 {record} 所列 {finding} 不是本台账中的问题",
    ),
    "duplicate_record_id": (
        "id {record} is used again (first at line {first})",
        "编号 {record} 重复（首次出现在第{first}行）",
    ),
    "recorded_activity": ("recorded {id}: {kind} on {day}", "已记录 {id}：{day} {kind}"),
    "recorded_item": ("listed {id}: {title}", "已列入问题清单 {id}：{title}"),
    "recorded_suggestion": ("recorded {id}: {title}", "已记录意见建议 {id}：{title}"),
    "suggestion_set": ("{id} is now {status}", "{id} 已改为“{status}”"),
    "published_done": (
        "published for {day}: {found} found, {fixed} fixed, {open} open, {overdue} overdue; `ledger check` now holds the ledger to these figures",
        "已发布 {day} 数据：发现{found}处，整改{fixed}处，未完成{open}处，超期{overdue}处；此后 `ledger check` 将据此核对台账",
    ),
    "no_records": ("nothing recorded yet", "暂无记录"),
    "kind_inspection": ("on-site inspection", "实地考察"),
    "kind_meeting": ("meeting", "会议"),
    "kind_seminar": ("seminar", "座谈会"),
    "kind_lookback": ("look-back session", "“回头看”"),
    "suggestion_proposed": ("proposed", "已提出"),
    "suggestion_adopted": ("adopted", "已采纳"),
    "suggestion_in_progress": ("in progress", "落实中"),
    "suggestion_done": ("done", "已落实"),
    "suggestion_declined": ("declined", "未采纳"),
    "col_kind": ("Kind", "类型"),
    "col_place": ("Place", "地点"),
    "col_participants": ("Participants", "参与人次"),
    "col_group": ("Group", "督导组"),
    "col_findings": ("Findings", "所含问题"),
    "col_addressee": ("To", "建议对象"),
    # reports
    "bad_month": (
        "--month: '{value}' is not a month (write 2020-09)",
        "--month：“{value}”不是月份（可写 2020-09）",
    ),
    "period_mixed": (
        "give either --month or --from and --to, not both",
        "请给出 --month，或 --from 与 --to，不要同时给出",
    ),
    "period_incomplete": ("--from and --to go together", "--from 与 --to 须同时给出"),
    "report_needs_output": (
        "--format {format} writes a file: give -o FILE",
        "--format {format} 须写入文件：请给出 -o FILE",
    ),
    "all_or_campaign": (
        "give either --all or -c/--campaign, not both",
        "请给出 --all 或 -c/--campaign，不要同时给出",
    ),
    "output_is_symlink": (
        "{path} is a symbolic link; refusing to write through it (give the real path)",
        "{path} 是符号链接，不经由它写入（请给出实际路径）",
    ),
    "output_is_ledger": (
        "{path} is a ledger file; refusing to overwrite it with output",
        "{path} 是台账文件，不能用输出覆盖",
    ),
    "output_is_folder": ("{path} is a folder; give a file name", "{path} 是目录，请给出文件名"),
    "report_written": ("wrote {path}", "已写入 {path}"),
    "report_title": ("{title}: report for {period}", "{title} · {period} 情况报告"),
    "report_all": ("All campaigns", "全部专项"),
    "report_stamp_git": (
        "As of {as_of}. Computed from commit {commit}{dirty}.",
        "数据截至 {as_of}，取自提交 {commit}{dirty}。",
    ),
    "report_stamp_dirty": (" with uncommitted changes", "（含未提交的修改）"),
    "report_stamp_plain": (
        "As of {as_of}. The data folder is not in git.",
        "数据截至 {as_of}，数据目录不在 git 中。",
    ),
    "report_headline": (
        "{inspections} on-site inspections; {meetings} meetings, seminars and look-backs; {participations} participations; {found} found and fed back, {fixed} fixed ({rate}); {items} problem-list items; {suggestions} suggestions.",
        "本次专项监督共组织实地考察{inspections}次，召开会议、座谈会和“回头看”{meetings}次，委员参与{participations}人次；发现并反馈问题{found}处，累计整改完成{fixed}处，整改率{rate}；汇总形成问题清单{items}条，提出意见建议{suggestions}条。",
    ),
    "headline_of": ("{title}: {text}", "{title}：{text}"),
    "two_sentences": ("{first} {second}", "{first}{second}"),
    "list_and": (" and ", "、"),
    "clause_separator": (", ", "，"),
    "trail_sentence": ("The secretariat {clauses}.", "{clauses}。"),
    "trail_documents": ("issued {count} {kinds}", "发出{kinds}{count}份"),
    "trail_interviews": ("interviewed units {count} times", "约谈单位{count}家次"),
    "trail_investigations": ("opened {count} escalated investigation(s)", "提级调查{count}起"),
    "trail_supervised": (
        "put {count} finding(s) under listed supervision",
        "挂牌督办{count}起",
    ),
    "trail_found_covert": (
        "found {count} of the findings by unannounced inspection",
        "暗访发现问题{count}处",
    ),
    "doc_kind_notice": ("rectification notices", "督促限期整改通知书"),
    "doc_kind_reminder": ("reminder letters", "提醒敦促函"),
    "doc_kind_letter": ("supervision letters", "督办函"),
    "doc_kind_other": ("other documents", "其他文书"),
    "report_period_line": (
        "In {period}: {found} found, {fixed} fixed, {verified} verified, {dropped} dropped; {activities} activities with {participations} participations.",
        "{period}：新发现问题{found}处，整改完成{fixed}处，验收销号{verified}处，撤销{dropped}处；开展活动{activities}次，委员参与{participations}人次。",
    ),
    "report_standing": (
        "At {as_of}: {found} found, {fixed} fixed ({rate}), {open} open, {overdue} overdue, {major_open} major open, {escalated} under listed supervision.",
        "截至{as_of}：累计发现问题{found}处，整改完成{fixed}处（{rate}），未完成{open}处，其中超期{overdue}处；重大隐患未整改{major_open}处，挂牌督办{escalated}处。",
    ),
    "report_nothing_overdue": ("Nothing is overdue.", "无超期未整改问题。"),
    "report_reconcile": ("{found}; {fixed}.", "{found}；{fixed}。"),
    "reconcile_found": (
        "Found: {start} at the start{flows}, {end} at the end",
        "累计发现问题期初{start}处{flows}，期末{end}处",
    ),
    "reconcile_fixed": (
        "fixed: {start} at the start{flows}, {end} at the end",
        "累计整改完成期初{start}处{flows}，期末{end}处",
    ),
    "flows": (", {flows}", "，{flows}"),
    "flows_joiner": (", ", "、"),
    "flow_found": ("{n} found", "本期新发现{n}处"),
    "flow_dropped": ("{n} dropped", "撤销{n}处"),
    "flow_fixed": ("{n} fixed", "本期整改完成{n}处"),
    "flow_reopened": ("{n} reopened", "重新整改{n}处"),
    "flow_dropped_fixed": ("{n} dropped after rectification", "撤销已整改的{n}处"),
    "report_no_trend": ("No findings by then.", "截至期末尚无问题。"),
    "h_campaigns": ("By campaign", "按专项"),
    "h_area": ("By focus area", "按领域"),
    "h_owner": ("By owner", "按责任单位"),
    "h_street": ("By street office", "按街道"),
    "h_owners_month": ("Owners, this period against the previous", "责任单位本期与上期对比"),
    "h_overdue": ("Overdue findings", "超期未整改问题"),
    "h_trend": ("Month by month", "逐月趋势"),
    "col_key": ("Name", "名称"),
    "col_street": ("Street office", "街道"),
    "col_breakdown": ("Breakdown", "分类"),
    "col_new": ("New", "本期新增"),
    "col_fixed_in": ("Fixed in period", "本期整改"),
    "col_verified": ("Verified", "本期销号"),
    "col_dropped": ("Dropped", "本期撤销"),
    "col_newly_overdue": ("Newly overdue", "新增超期"),
    "col_open_change": ("Open vs previous", "未完成较上期"),
    "col_overdue_change": ("Overdue vs previous", "超期较上期"),
    "col_days_overdue": ("Days overdue", "超期天数"),
    "col_month": ("Month", "月份"),
    "col_major_open": ("Major open", "重大未整改"),
    "col_escalated": ("Listed", "挂牌督办"),
    "breakdown_total": ("total", "合计"),
    "breakdown_area": ("area", "领域"),
    "breakdown_owner": ("owner", "责任单位"),
    "breakdown_street": ("street", "街道"),
    "trend_figures": (
        "{found} found, {fixed} fixed, {open} open",
        "发现{found} 整改{fixed} 未完成{open}",
    ),
    "chart_title": (
        "Found, fixed and open at each month's end",
        "各月末累计发现、整改完成与未完成",
    ),
}


@dataclass(frozen=True)
class Phrase:
    """A message within a message (the reason a file could not be read), put in the
    language of the one around it."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


_REASON_OF_ERRNO = {
    errno.ENOENT: "reason_not_found",
    errno.EACCES: "reason_permission",
    errno.EPERM: "reason_permission",
    errno.EISDIR: "reason_is_folder",
    errno.ENOTDIR: "reason_not_folder",
    errno.ENOSPC: "reason_disk_full",
    errno.EDQUOT: "reason_disk_full",
    errno.EROFS: "reason_read_only_fs",
    errno.ELOOP: "reason_link_loop",
    errno.ENAMETOOLONG: "reason_name_too_long",
    errno.EEXIST: "reason_exists",
}


def reason_of(exc: OSError) -> Phrase | str:
    """Why a file operation failed, in the user's words where the reason is a common one."""
    key = _REASON_OF_ERRNO.get(exc.errno or 0)
    return Phrase(key) if key else exc.strerror or str(exc)


_LANG: ContextVar[str | None] = ContextVar("lang", default=None)


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Within: messages printed below the CLI (a lock's wait) speak `lang`."""
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def current_lang() -> str:
    """The language the running command speaks: as set by `speaking`, else detected."""
    return _LANG.get() or detect_lang(None)


def detect_lang(explicit: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """--lang, else LEDGER_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG): zh or en."""
    if explicit:
        return explicit
    for name in ("LEDGER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def text(key: str, lang: str, **params: Any) -> str:
    """The message `key` in `lang`, filled in; a did-you-mean `hint` becomes `hint_text`."""
    english, chinese = MESSAGES[key]
    template = chinese if lang == "zh" else english
    if "hint" in params:
        hint = params["hint"]
        params["hint_text"] = text("did_you_mean", lang, suggestion=hint) if hint else ""
    for name, value in params.items():
        if isinstance(value, Phrase):
            params[name] = text(value.key, lang, **value.params)
        elif isinstance(value, list | tuple):  # choices, fields: listed as the language lists
            params[name] = ("、" if lang == "zh" else ", ").join(str(item) for item in value)
    return template.format(**params)
