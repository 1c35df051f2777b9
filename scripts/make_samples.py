"""Write the bundled sample ledgers in data/, deterministically.

The 2020 campaign reproduces the closing report of a district work-safety
campaign: 154 findings over three focus areas, 148 fixed and 6 open as of
2020-09-30. The 2021 look-back is a small second campaign with open, overdue
findings. Run from the repository root: python scripts/make_samples.py
"""

import random
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ledger.core.counts import flow, tally
from ledger.storage.formats import upgraded_text
from ledger.storage.yamltext import dump, flow_seq, new_finding_map, new_record_map, round_trip_yaml

HIGH_RISE = "高层建筑消防和电梯安全"
EBIKE = "居民小区电动自行车充电安全"
RESTAURANT = "小餐饮场所燃气和消防安全"
DEPARTMENTS = [
    "区应急管理局",
    "区房产局",
    "区消防救援大队",
    "区小餐饮整治办",
    "区商务局",
    "区建设局",
]
STREETS = [
    "夫子庙街道", "秦虹街道", "中华门街道", "双塘街道", "洪武路街道", "五老村街道",
    "大光路街道", "瑞金路街道", "月牙湖街道", "光华路街道", "朝天宫街道", "红花街道",
]  # fmt: skip
COMPOUNDS = [
    "金陵新村", "白鹭花园", "长乐小区", "武定门小区", "三山苑", "来凤小区", "仁厚里",
    "御道街小区", "苜蓿园", "瑞金新村", "石门坎小区", "膺福街小区", "剪子巷小区", "常府街小区",
    "中山南路小区", "龙蟠里小区", "钓鱼台小区", "军师巷小区", "大油坊巷小区", "马道街小区",
    "止马营小区", "信府河小区", "四条巷小区", "琥珀巷小区",
]  # fmt: skip
RESTAURANTS = [
    "老城南鸭血粉丝店", "秦淮小笼包铺", "金陵牛肉面馆", "桂花糖芋苗小吃店", "阿婆馄饨店", "川味麻辣烫",
    "鸿运盖浇饭", "湘里人家小炒", "兰州拉面馆", "老街锅贴店", "福记烧烤", "重庆小面", "沙县小吃",
    "黄焖鸡米饭店", "江南煲仔饭", "回民清真馆", "小胖烧饼铺", "六合猪头肉店", "巷口炸串店",
    "东北饺子馆", "阿强煎饼铺", "聚福麻辣香锅", "家常菜馆", "湖南米粉店", "鸭油烧饼铺",
]  # fmt: skip
ROADS = ["中华路", "长乐路", "大光路", "瑞金路", "建康路", "升州路", "御道街", "龙蟠中路", "秦淮路"]
GROUPS = ["第一督导组", "第二督导组", "第三督导组", "第四督导组", "委员视察组"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"

# (title, measure, fix note, owners): {place} {b} {u} {n} are filled per finding.
HIGH_RISE_PROBLEMS = [
    ("{place}{b}号楼消防车通道被私家车占用", "清理占用车辆，在{place}施划禁停标线并设置警示桩{n}处", "已清理占用车辆，施划禁停标线", ["区消防救援大队", "street"]),
    ("{place}{b}号楼室内消火栓箱内水带、水枪缺失", "为{place}{b}号楼补齐水带水枪{n}套，物业每月检查登记", "已补齐水带水枪并建立检查登记表", ["区房产局", "区消防救援大队"]),
    ("{place}{b}号楼楼梯间常闭式防火门损坏无法闭合", "维修更换{place}{b}号楼闭门器{n}个，恢复防火门常闭", "闭门器已更换，防火门恢复常闭", ["区房产局", "street"]),
    ("{place}{b}号楼消防控制室无人值守", "{place}物业落实24小时双人值班，值班人员持证上岗", "已落实双人值班，值班记录完整", ["区消防救援大队", "区房产局"]),
    ("{place}{b}号楼{u}单元电梯维保记录缺失", "督促维保单位补做{place}{b}号楼电梯保养并规范记录", "维保单位已补做保养，记录已规范", ["区房产局", "区应急管理局"]),
    ("{place}{b}号楼{u}单元电梯五方通话装置失灵", "修复{place}{b}号楼{u}单元电梯五方通话，张贴应急救援电话", "五方通话已修复，测试正常", ["区房产局", "street"]),
    ("{place}{b}号楼疏散指示标志和应急照明损坏{n}处", "更换{place}{b}号楼损坏的疏散指示标志和应急照明灯{n}处", "已更换疏散指示标志和应急照明", ["区消防救援大队", "street"]),
    ("{place}{b}号楼楼道堆放杂物阻塞疏散通道", "清理{place}{b}号楼楼道杂物，建立楼道每周巡查制度", "楼道杂物已清理，巡查制度已建立", ["street", "区房产局"]),
    ("{place}{b}号楼电梯使用标志过期未年检", "联系特检机构对{place}{b}号楼电梯完成年度检验", "已完成年检，使用标志已更新", ["区房产局", "区应急管理局"]),
    ("{place}{b}号楼屋顶消防水箱无水", "检修{place}{b}号楼屋顶水箱补水阀，恢复消防储水", "水箱补水阀已修复，储水正常", ["区消防救援大队", "区建设局"]),
    ("{place}{b}号楼外墙保温层破损", "{place}{b}号楼外墙保温层破损处修复，加装防火隔离带", "破损保温层已修复", ["区建设局", "区房产局"]),
    ("{place}{b}号楼喷淋系统末端试水压力不足", "检修{place}{b}号楼消防水泵，调试自动喷水灭火系统", "水泵已检修，末端试水压力达标", ["区消防救援大队", "区建设局"]),
]  # fmt: skip
EBIKE_PROBLEMS = [
    ("{place}{b}号楼楼道内电动自行车飞线充电", "拆除{place}{b}号楼飞线{n}处，小区内增设集中充电桩", "已拆除飞线，新建充电车棚一处", ["区房产局", "street"]),
    ("{place}{b}号楼地下车库电动自行车违规充电", "在{place}地下车库张贴禁充标识，安装视频监控{n}个", "禁充标识和监控已安装", ["区房产局", "区消防救援大队"]),
    ("{place}集中充电棚未配置灭火器材", "为{place}充电棚配置灭火器{n}具、消防沙箱一个", "灭火器材已配齐", ["street", "区消防救援大队"]),
    ("{place}充电桩数量不足，居民私拉电线充电", "{place}新增智能充电端口{n}个，清理私拉电线", "新增充电端口已投用，私拉电线已清理", ["street", "区房产局"]),
    ("{place}{b}号楼有居民推电动自行车乘电梯入户", "在{place}{b}号楼电梯加装电动自行车识别阻车系统", "阻车系统已安装调试", ["区房产局", "street"]),
    ("{place}非机动车库充电线路老化裸露", "更换{place}非机动车库老化线路约{n}0米，加装漏电保护", "线路已更换，漏电保护已加装", ["区房产局", "区建设局"]),
    ("{place}充电棚内堆放纸箱等可燃杂物", "清理{place}充电棚可燃杂物，物业每日巡查", "可燃杂物已清理", ["street"]),
    ("{place}电动自行车停放点占用消防车通道", "{place}重新规划停放点{n}处，腾出消防车通道", "停放点已调整，通道畅通", ["street", "区消防救援大队"]),
    ("{place}{b}号楼{u}单元门厅停放电动自行车", "劝离{place}{b}号楼{u}单元门厅车辆，张贴禁停告示", "门厅车辆已清理，告示已张贴", ["street"]),
    ("{place}充电设施未安装定时断电装置", "{place}充电设施加装定时断电和充满自停装置{n}套", "定时断电装置已安装", ["区房产局", "区应急管理局"]),
]  # fmt: skip
RESTAURANT_PROBLEMS = [
    ("{place}液化气钢瓶未接可燃气体报警器", "{place}安装可燃气体报警器和自动切断阀", "报警器和切断阀已安装", ["区小餐饮整治办", "区商务局"]),
    ("{place}燃气软管老化且长度超过2米", "{place}更换金属波纹软管，长度控制在2米以内", "已更换金属软管", ["区小餐饮整治办", "street"]),
    ("{place}后厨排油烟管道油垢积存", "{place}请专业公司清洗油烟管道，每季度不少于一次", "油烟管道已清洗，签订清洗合同", ["区商务局", "区小餐饮整治办"]),
    ("{place}液化气钢瓶与灶具同室存放", "{place}设置独立钢瓶间，钢瓶与灶具分室存放", "已设置独立钢瓶间", ["区小餐饮整治办", "区应急管理局"]),
    ("{place}未配备灭火器和灭火毯", "{place}配备灭火器{n}具、灭火毯一块", "灭火器材已配齐", ["区消防救援大队", "street"]),
    ("{place}从业人员不会使用灭火器", "组织{place}全体员工开展灭火器实操培训", "已完成培训，员工能正确使用灭火器", ["区消防救援大队", "区小餐饮整治办"]),
    ("{place}私接电线，插座超负荷使用", "{place}请电工规范敷设线路，拆除私接电线{n}处", "私接电线已拆除，线路已规范", ["区应急管理局", "street"]),
    ("{place}安全出口被锁闭", "{place}拆除安全出口门锁，保持营业期间畅通", "安全出口已开启并保持畅通", ["区消防救援大队", "street"]),
    ("{place}使用过期未检液化气钢瓶", "{place}退换过期钢瓶{n}只，改由正规供气站配送", "过期钢瓶已退换", ["区小餐饮整治办", "区商务局"]),
    ("{place}前店后宅，住人区域与厨房未分隔", "{place}搬离住宿人员，或以防火墙分隔住人区域", "住宿人员已搬离", ["区小餐饮整治办", "street"]),
    ("{place}瓶装液化气改管道燃气未完成", "协调燃气公司为{place}接入管道燃气", "已接入管道燃气", ["区商务局", "区建设局"]),
]  # fmt: skip
CATALOGUE = {HIGH_RISE: HIGH_RISE_PROBLEMS, EBIKE: EBIKE_PROBLEMS, RESTAURANT: RESTAURANT_PROBLEMS}


def _place(rng: random.Random, area: str) -> tuple[str, str, str]:
    """(name used in the title, location, street)."""
    street = rng.choice(STREETS)
    if area == RESTAURANT:
        name = f"{rng.choice(ROADS)}{rng.randint(1, 300)}号{rng.choice(RESTAURANTS)}"
        return name, f"{street} {name}", street
    compound = rng.choice(COMPOUNDS)
    return compound, f"{street} {compound}", street


@dataclass(frozen=True)
class Problem:
    title: str
    measure: str
    fix_note: str
    owners: list[str]  # "street" stands for the place's street office
    location: str
    street: str
    template: str  # the catalogue's title, with its blanks: what a problem-list item groups by

    def owner(self, rng: random.Random) -> str:
        owner = rng.choice(self.owners)
        return self.street if owner == "street" else owner


def draw_problem(rng: random.Random, area: str) -> Problem:
    """A problem of the area, at a drawn place."""
    title_t, measure_t, note_t, owners = rng.choice(CATALOGUE[area])
    name, location, street = _place(rng, area)
    values = {
        "place": name,
        "b": rng.randint(1, 40),
        "u": rng.randint(1, 4),
        "n": rng.randint(2, 9),
    }
    return Problem(
        title_t.format(**values),
        measure_t.format(**values),
        note_t,
        owners,
        location,
        street,
        title_t,
    )


def _finding(rng: random.Random, area: str, found_on: date, seen: set[str]) -> dict[str, Any]:
    """A finding as found; unique title and measure (not one sentence repeated)."""
    while True:
        problem = draw_problem(rng, area)
        if problem.title not in seen and problem.measure not in seen:
            seen.update((problem.title, problem.measure))
            break
    owner = problem.owner(rng)
    finding: dict[str, Any] = {
        "title": problem.title,
        "area": area,
        "location": problem.location,
        "found_on": found_on,
        "found_by": rng.choice(GROUPS),
        "severity": "general",
        "owner": owner,
        "measure": problem.measure,
        "deadline": found_on + timedelta(days=rng.choice([15, 20, 30, 30, 45, 60])),
        "_note": problem.fix_note,
        "_kind": problem.template,
    }
    if rng.random() < 0.6:
        finding["contact"] = f"{rng.choice(SURNAMES)}某"
    return finding


def _close(finding: dict[str, Any], fixed_on: date, verified_on: date | None) -> None:
    fixed = {"on": fixed_on, "event": "fixed", "note": finding["_note"]}
    history = [{"on": finding["found_on"], "event": "found"}, fixed]
    finding.update(status="fixed", fixed_on=fixed_on, fix_note=finding["_note"])
    if verified_on is not None:
        finding["status"] = "verified"
        history.append({"on": verified_on, "event": "verified"})
    finding["history"] = history


def _make_major(finding: dict[str, Any], funds: int) -> None:
    """A major finding (重大隐患), with the five in place: responsibility, measure, funds,
    deadline and contingency plan."""
    finding.update(
        severity="major",
        funds=f"区财政专项资金{funds}万元，责任单位配套",
        plan="制定专项应急预案，整改期间落实24小时值守和临时防护措施",
    )


def _extend(finding: dict[str, Any], on: date, to: date, reason: str) -> None:
    """An extension of the deadline on `on`, placed in the history in date order."""
    event = {"on": on, "event": "extended", "from": finding["deadline"], "to": to, "reason": reason}
    history = finding["history"]
    later = [index for index, e in enumerate(history) if e["on"] > on]
    history.insert(later[0] if later else len(history), event)
    finding["deadline"] = to


def _reopen(finding: dict[str, Any], on: date, deadline: date, reason: str, fixed_on: date) -> None:
    """The rectification found not in place on `on`, and done again by `fixed_on`."""
    reopened = {
        "on": on,
        "event": "reopened",
        "from": finding["deadline"],
        "to": deadline,
        "reason": reason,
    }
    note = f"复查后再次整改：{finding['fix_note']}"
    finding["history"] += [reopened, {"on": fixed_on, "event": "fixed", "note": note}]
    finding.update(status="fixed", fixed_on=fixed_on, deadline=deadline, fix_note=note)


def _escalate(finding: dict[str, Any], on: date, step: str, supervisor: str) -> None:
    """Listed supervision (挂牌督办), a step up the ladder."""
    finding["history"].append(
        {"on": on, "event": "escalated", "step": step, "supervisor": supervisor}
    )
    finding.update(escalation=step, supervisor=supervisor)


def _drop(finding: dict[str, Any], on: date, reason: str) -> None:
    finding["history"] = [
        {"on": finding["found_on"], "event": "found"},
        {"on": on, "event": "dropped", "reason": reason},
    ]
    finding["status"] = "dropped"


def _found_dates(rng: random.Random, count: int, start: date, end: date) -> list[date]:
    """Dates spread over the campaign, more in its first months (inspection before rectification)."""
    span = (end - start).days
    return sorted(start + timedelta(days=int(span * rng.random() ** 1.6)) for _ in range(count))


def campaign_findings(
    rng: random.Random,
    prefix: str,
    areas: list[str],
    dates: list[date],
    open_ids: set[int],
    until: date,
) -> list[dict[str, Any]]:
    seen: set[str] = set()
    findings = []
    for number, found_on in enumerate(dates, start=1):
        finding = {
            "id": f"{prefix}-{number:03d}",
            **_finding(rng, areas[number % len(areas)], found_on, seen),
        }
        if number in open_ids:
            finding.update(status="open", history=[{"on": found_on, "event": "found"}])
        else:
            latest = min(until, finding["deadline"] + timedelta(days=10))
            fixed_on = found_on + timedelta(days=rng.randint(2, max(2, (latest - found_on).days)))
            fixed_on = min(fixed_on, until)
            verified_on = fixed_on + timedelta(days=rng.randint(7, 30))
            _close(
                finding,
                fixed_on,
                verified_on if verified_on <= until and rng.random() < 0.35 else None,
            )
        findings.append(finding)
    return findings


def _document(
    campaign: dict[str, Any],
    findings: list[dict[str, Any]],
    notes: dict[str, str],
    record: dict[str, list[dict[str, Any]]] | None = None,
) -> CommentedMap:
    items = []
    for finding in findings:
        finding.pop("_note", None)
        finding.pop("_kind", None)
        item = new_finding_map(finding)
        if finding["id"] in notes:
            item.yaml_add_eol_comment(notes[finding["id"]], "title")
        items.append(item)
    document = CommentedMap(ledger=1, campaign=CommentedMap(campaign))
    for section, entries in (record or {}).items():
        document[section] = CommentedSeq(new_record_map(entry) for entry in entries)
    document["findings"] = items
    document["campaign"].yaml_add_eol_comment(
        "# finding ids: prefix-001, prefix-002, … never reused", "prefix"
    )
    return document


def _loop_back(rng: random.Random, findings: list[dict[str, Any]], areas: list[str]) -> None:
    """The closed loop at work: extensions, escalations, reopenings (one twice), two drops.

    The dropped ones are extra entries, so that the closing figures stay 154 found, 148 fixed.
    """
    by_id = {f["id"]: f for f in findings}
    _extend(by_id["QH-001"], date(2020, 5, 28), date(2020, 6, 15), "需统一采购充电设施，申请延期")
    _extend(by_id["QH-008"], date(2020, 4, 30), date(2020, 5, 12), "施工单位进场延迟")
    _extend(by_id["QH-121"], date(2020, 8, 20), date(2020, 9, 15), "需协调燃气公司")
    _escalate(by_id["QH-096"], date(2020, 7, 15), "notice", "区政协办公室")
    _escalate(by_id["QH-121"], date(2020, 8, 25), "notice", "区政协办公室")
    _escalate(by_id["QH-121"], date(2020, 9, 10), "letter", "区政协办公室")
    _reopen(
        by_id["QH-012"],
        date(2020, 6, 10),
        date(2020, 6, 30),
        "回头看发现飞线复现",
        date(2020, 6, 25),
    )
    _reopen(
        by_id["QH-041"],
        date(2020, 7, 20),
        date(2020, 8, 10),
        "回头看发现整改不到位",
        date(2020, 8, 5),
    )
    _reopen(
        by_id["QH-062"], date(2020, 6, 15), date(2020, 7, 5), "回头看发现问题反弹", date(2020, 7, 1)
    )
    _reopen(
        by_id["QH-062"],
        date(2020, 7, 20),
        date(2020, 8, 10),
        "再次反弹，约谈物业",
        date(2020, 8, 8),
    )
    seen = {f["title"] for f in findings} | {f["measure"] for f in findings}
    for number, (found_on, dropped_on, reason) in enumerate(
        [
            (date(2020, 9, 10), date(2020, 9, 14), "与QH-139重复"),
            (date(2020, 9, 16), date(2020, 9, 20), "经核实不属实"),
        ],
        start=len(findings) + 1,
    ):
        finding = {"id": f"QH-{number:03d}", **_finding(rng, areas[number % 3], found_on, seen)}
        _drop(finding, dropped_on, reason)
        findings.append(finding)


# --- the campaign's record: activities, problem list, suggestions, published figures ---

PLACES = ["区政协会议室", "区应急管理局", "区房产局", "区消防救援大队", "区小餐饮整治办", "各街道"]
MEETING_NOTES = {
    "meeting": ["动员部署会", "推进会", "督导组工作例会", "阶段小结会", "情况通报会"],
    "seminar": ["专题座谈会", "委员与部门协商座谈", "整改情况座谈", "专家座谈会"],
    "lookback": ["整改情况“回头看”", "重点问题复查", "销号验收“回头看”"],
}
SUGGESTIONS = [
    ("将居民小区电动自行车集中充电设施建设纳入老旧小区改造", "区房产局", "done"),
    ("建立高层住宅消防设施物业月检、街道季查制度", "区消防救援大队", "adopted"),
    ("对小餐饮场所推广安装可燃气体报警和自动切断装置", "区小餐饮整治办", "in_progress"),
    ("设立电梯安全隐患快速处置专项资金", "区应急管理局", "adopted"),
    ("将安全隐患整改情况纳入街道年度考核", "区政府办公室", "done"),
    ("推动燃气经营企业对餐饮用户开展入户安检", "区商务局", "in_progress"),
    ("建立问题整改“两书一函”督办机制", "区政协办公室", "done"),
    ("在社区开展消防安全和电动自行车充电安全宣传", "各街道", "done"),
    ("对外墙保温层破损的高层住宅开展专项排查", "区建设局", "adopted"),
    ("建立部门间隐患线索移交和信息共享平台", "区应急管理局", "declined"),
]
# The closing report's figures as of 2020-09-30 (DOMAIN.md): what was published upward.
PUBLISHED_2020 = {"found": 154, "fixed": 148, "open": 6, "overdue": 2}


def _activities(rng: random.Random, start: date, end: date) -> list[dict[str, Any]]:
    """31 on-site inspections and 38 meetings, seminars and look-backs; 312 participations."""
    kinds = ["inspection"] * 31 + ["meeting"] * 14 + ["seminar"] * 16 + ["lookback"] * 8
    span = (end - start).days
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in kinds)
    rng.shuffle(kinds)
    counts = [4] * len(kinds)
    for _ in range(312 - sum(counts)):
        counts[rng.randrange(len(counts))] += 1
    activities = []
    for number, (day, kind, people) in enumerate(zip(days, kinds, counts, strict=True), start=1):
        activity: dict[str, Any] = {"id": f"A-{number:03d}", "kind": kind, "on": day}
        if kind == "inspection":
            activity["place"] = rng.choice(STREETS)
            activity["group"] = rng.choice(GROUPS)
        else:
            activity["place"] = rng.choice(PLACES)
            activity["note"] = rng.choice(MEETING_NOTES[kind])
        activity["participants"] = people
        activity["history"] = [{"on": day, "event": "recorded", "by": "秘书处"}]
        activities.append(activity)
    return activities


def _statement(template: str) -> str:
    """A catalogue title without its blanks: what the findings of one kind have in common."""
    return re.sub(r"\{place\}|\{b\}号楼|\{u\}单元|\{n\}处?", "", template)


def _items(findings: list[dict[str, Any]], on: date) -> list[dict[str, Any]]:
    """The problem list: the 15 kinds of problem found most often, each grouping its findings."""
    kinds: dict[str, list[str]] = {}
    for finding in findings:
        if finding["status"] != "dropped":
            kinds.setdefault(finding["_kind"], []).append(finding["id"])
    top = sorted(kinds.items(), key=lambda kind: (-len(kind[1]), kind[0]))[:15]
    return [
        {
            "id": f"L-{number:03d}",
            "title": _statement(template),
            "on": on,
            "findings": ids,
            "history": [{"on": on, "event": "listed", "by": "秘书处"}],
        }
        for number, (template, ids) in enumerate(top, start=1)
    ]


def _suggestions(on: date) -> list[dict[str, Any]]:
    suggestions = []
    for number, (title, addressee, status) in enumerate(SUGGESTIONS, start=1):
        history = [{"on": on, "event": "proposed", "by": "秘书处"}]
        if status != "proposed":
            history.append({"on": on + timedelta(days=20 + number), "event": status})
        suggestions.append(
            {
                "id": f"S-{number:03d}",
                "title": title,
                "addressee": addressee,
                "on": on,
                "status": status,
                "history": history,
            }
        )
    return suggestions


def _published(findings: list[dict[str, Any]], as_of: date) -> dict[str, Any]:
    """The figures of the closing report, checked against the findings as counted."""
    standing = tally(findings, as_of)  # type: ignore[arg-type]
    counted = {"found": standing.found, "fixed": standing.fixed, "open": standing.open}
    assert {**counted, "overdue": standing.overdue} == PUBLISHED_2020, counted
    month = flow(findings, as_of.replace(day=1), as_of)  # type: ignore[arg-type]
    period = {"from": as_of.replace(day=1), "found": month.found, "fixed": month.fixed}
    period |= {"verified": month.verified, "dropped": month.dropped}
    return {
        "as_of": as_of,
        **PUBLISHED_2020,
        "period": period,
        "published_on": as_of,
        "by": "秘书处",
        "note": "区政协常委会议通报",
    }


# The paper trail (两书一函, 约谈, 提级调查) and the plan: phases, a deliverable, a rubric.
COVERT_INSPECTIONS = 8  # of the 31, unannounced (暗访)
PHASES = [
    ("动员部署", date(2020, 4, 1), date(2020, 4, 15)),
    ("督导检查", date(2020, 4, 16), date(2020, 7, 31)),
    ("落实整改", date(2020, 8, 1), date(2020, 9, 15)),
    ("总结通报", date(2020, 9, 16), date(2020, 9, 30)),
]
RUBRIC = {
    "methods": {"questionnaire": 0.3, "covert": 0.2, "public": 0.2, "assessment": 0.3},
    "indicators": {
        "overdue": 5,
        "reopened_twice": 5,
        "escalated": 3,
        "replies_overdue": 2,
        "late": 1,
    },
    "ledger_method": "assessment",
    "bands": [80, 60],
    "units": DEPARTMENTS,
}


def _paper_trail(
    rng: random.Random, findings: list[dict[str, Any]], activities: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Inspections open and covert, each finding traced to the inspection that found it;
    units interviewed (约谈) and one escalated investigation (提级调查); and the documents
    issued: a reminder to each owner with a finding past its deadline, a notice to each with
    one past it by a month, numbered through the year, most reply slips back in ten days.
    Returns the documents."""
    inspections = [a for a in activities if a["kind"] == "inspection"]
    for activity in rng.sample(inspections, COVERT_INSPECTIONS):
        activity["mode"] = "covert"
    for activity in inspections:
        activity.setdefault("mode", "open")
    for finding in findings:
        before = [a for a in inspections if a["on"] <= finding["found_on"]]
        finding["source"] = (before[-1] if before else inspections[0])["id"]
    late = [
        f for f in findings if f.get("fixed_on", date.max) > f["deadline"] or "fixed_on" not in f
    ]
    documents: list[dict[str, Any]] = []
    for kind, wait in (("reminder", 3), ("notice", 30)):
        for finding in late:
            day = finding["deadline"] + timedelta(days=wait)
            if day > date(2020, 9, 30) or finding.get("fixed_on", date.max) <= day:
                continue
            documents.append(
                {
                    "kind": kind,
                    "on": day,
                    "addressee": finding["owner"],
                    "findings": [finding["id"]],
                }
            )
    documents.sort(key=lambda d: d["on"])
    for number, document in enumerate(documents, start=1):
        document["id"] = f"D-{number:03d}"
        document["number"] = f"秦政协督〔2020〕{number}号"
        document["reply_by"] = document["on"] + timedelta(days=15)
        history = [{"on": document["on"], "event": "issued", "by": "秘书处"}]
        back = document["on"] + timedelta(days=rng.randint(5, 12))
        if back <= date(2020, 9, 30) and number % 7:
            history.append({"on": back, "event": "replied", "note": "已按通知要求落实整改"})
            document["replied_on"] = back
        document["history"] = history
    interviewed = sorted({f["owner"] for f in late})[:6]
    added: list[dict[str, Any]] = [
        {"kind": "interview", "on": date(2020, 6, 10) + timedelta(days=12 * number), "unit": unit,
         "findings": [f["id"] for f in late if f["owner"] == unit][:2],
         "outcome": "责任单位作出书面整改承诺"}
        for number, unit in enumerate(interviewed)
    ]  # fmt: skip
    owner = next(f["owner"] for f in findings if f["id"] == "QH-096")
    added.append({"kind": "investigation", "on": date(2020, 8, 20), "unit": owner,
                  "findings": ["QH-096"], "outcome": "提级至区应急管理局调查处理"})  # fmt: skip
    for activity in added:
        activity["id"] = f"A-{len(activities) + 1:03d}"
        activity["history"] = [{"on": activity["on"], "event": "recorded", "by": "秘书处"}]
        activities.append(activity)
    return documents


def _receipts() -> list[dict[str, Any]]:
    """The written rectification reports (DL-1, due 9月10日): five departments on time, one
    not yet."""
    days = [
        date(2020, 9, 3),
        date(2020, 9, 7),
        date(2020, 9, 8),
        date(2020, 9, 9),
        date(2020, 9, 10),
    ]
    return [
        {"id": f"R-{number:03d}", "deliverable": "DL-1", "unit": unit, "on": day,
         "history": [{"on": day, "event": "received", "by": "秘书处"}]}
        for number, (unit, day) in enumerate(zip(DEPARTMENTS[:5], days, strict=True), start=1)
    ]  # fmt: skip


def _scores(rng: random.Random) -> list[dict[str, Any]]:
    """Marks entered from outside the ledger: questionnaire, covert inspection, public review."""
    day = date(2020, 9, 25)
    entries = []
    for unit in DEPARTMENTS:
        for method in ("questionnaire", "covert", "public"):
            score = round(rng.uniform(72, 96), 1)
            entries.append({"id": f"SC-{len(entries) + 1:03d}", "unit": unit, "method": method,
                            "score": score, "on": day,
                            "history": [{"on": day, "event": "entered", "by": "秘书处"}]})  # fmt: skip
    return entries


def qinhuai_2020() -> str:
    rng = random.Random(20200930)
    start, end = date(2020, 4, 1), date(2020, 9, 30)
    dates = _found_dates(rng, 154, start, end)
    # Six stay open at the closing meeting: the last four found (not yet due) and two overdue.
    open_ids = {150, 151, 153, 154, 96, 121}
    areas = [HIGH_RISE, EBIKE, RESTAURANT]
    findings = campaign_findings(rng, "QH", areas, dates, open_ids, end)
    for finding in findings:
        if finding["id"] in ("QH-096", "QH-121"):
            finding["deadline"] = finding["found_on"] + timedelta(days=20)
    for number, funds in zip((7, 33, 58, 101, 140), (12, 30, 8, 45, 20), strict=True):
        _make_major(findings[number - 1], funds)
    _loop_back(rng, findings, areas)
    campaign = {
        "id": "qinhuai-2020-safety",
        "title": "安全生产工作专项民主监督",
        "organiser": "秦淮区政协",
        "start": start,
        "end": end,
        "prefix": "QH",
        "areas": flow_seq(areas),
        "owners": flow_seq(DEPARTMENTS + STREETS),
        "language": "zh",
        "document_number": "秦政协督〔{year}〕{n}号",
        "phases": [{"name": name, "from": first, "to": last} for name, first, last in PHASES],
        "deliverables": [
            {
                "id": "DL-1",
                "what": "书面整改报告",
                "due": date(2020, 9, 10),
                "phase": "落实整改",
                "units": flow_seq(DEPARTMENTS),
            }
        ],
        "rubric": {**RUBRIC, "units": flow_seq(DEPARTMENTS)},
    }
    closing = date(2020, 9, 28)
    activities = _activities(random.Random(20200401), start, end)
    documents = _paper_trail(random.Random(20200915), findings, activities)
    record = {
        "activities": activities,
        "items": _items(findings, end),
        "suggestions": _suggestions(closing),
        "documents": documents,
        "receipts": _receipts(),
        "scores": _scores(random.Random(20200925)),
        "published": [_published(findings, end)],
    }
    notes = {
        "QH-007": "# 挂牌督办：区应急管理局牵头",
        "QH-096": "# 涉及产权纠纷，整改进度滞后",
        "QH-121": "# 需协调燃气公司，已发督促限期整改通知书",
    }
    header = (
        "# 秦淮区政协 安全生产工作专项民主监督 问题整改台账（2020年4月—9月）\n"
        "# 三个重点：高层建筑消防和电梯安全；居民小区电动自行车充电安全；小餐饮场所燃气和消防安全\n"
        "# 本文件可手工编辑，注释和自定义字段都会保留。\n"
    )
    return in_format_2(
        header + dump(round_trip_yaml(), _document(campaign, findings, notes, record))
    )


def qinhuai_2021() -> str:
    rng = random.Random(20210630)
    start, end = date(2021, 3, 1), date(2021, 6, 30)
    dates = _found_dates(rng, 20, start, date(2021, 5, 31))
    areas = [EBIKE, RESTAURANT]
    findings = campaign_findings(rng, "LB", areas, dates, {4, 9, 13, 16, 18, 19, 20}, end)
    _make_major(findings[8], 6)
    campaign = {
        "id": "qinhuai-2021-lookback",
        "title": "安全生产专项民主监督“回头看”",
        "organiser": "秦淮区政协",
        "start": start,
        "end": end,
        "prefix": "LB",
        "areas": flow_seq(areas),
    }
    header = "# 2021年“回头看”：复查2020年专项民主监督发现问题的整改成效\n"
    return in_format_2(header + dump(round_trip_yaml(), _document(campaign, findings, {})))


def in_format_2(text: str) -> str:
    """The ledger in the newest format: the text `ledger upgrade` would write."""
    upgraded = upgraded_text(text)
    assert upgraded is not None
    return upgraded


SAMPLES = {"qinhuai-2020-safety.yaml": qinhuai_2020, "qinhuai-2021-lookback.yaml": qinhuai_2021}


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data")
    folder.mkdir(exist_ok=True)
    for name, make in SAMPLES.items():
        (folder / name).write_text(make(), encoding="utf-8")
        print(f"wrote {folder / name}")


if __name__ == "__main__":
    main()
