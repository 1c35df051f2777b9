"""Deterministic, realistic big ledgers for the benchmarks: python -m bench.ledgers N FILE [SEED]

Findings are drawn from the sample campaign's catalogue (Chinese titles and
measures, owners, histories with fixes and look-backs, comments here and there)
and written as text in the layout the tool itself writes.
"""

import random
import sys
from datetime import date, timedelta
from pathlib import Path

from scripts.make_samples import CATALOGUE, GROUPS, SURNAMES, draw_problem

START = date(2019, 1, 1)
END = date(2021, 12, 31)
HEADER = """\
# 某市安全生产三年专项整治 问题整改台账（基准测试用，自动生成）
# 本文件可手工编辑，注释和自定义字段都会保留。
ledger: 2
campaign:
  id: {campaign}
  title: 安全生产专项整治三年行动
  organiser: 某市安委办
  start: 2019-01-01
  end: 2021-12-31
  prefix: BK  # finding ids: prefix-001, prefix-002, … never reused
  areas: [{areas}]
findings:
"""


def finding_text(rng: random.Random, number: int) -> str:
    area = rng.choice(list(CATALOGUE))
    problem = draw_problem(rng, area)
    owner = problem.owner(rng)
    found_on = START + timedelta(days=rng.randrange((END - START).days))
    deadline = found_on + timedelta(days=rng.choice([15, 30, 45, 60, 90]))
    comment = "  # 挂牌督办" if number % 97 == 0 else ""
    lines = [
        f"  - id: BK-{number:03d}",
        f"    title: {problem.title}{comment}",
        f"    area: {area}",
        f"    location: {problem.location}",
        f"    found_on: {found_on}",
        f"    found_by: {rng.choice(GROUPS)}",
        f"    severity: {'major' if number % 53 == 0 else 'general'}",
        f"    owner: {owner}",
    ]
    if rng.random() < 0.6:
        lines.append(f"    contact: {rng.choice(SURNAMES)}某")
    lines.append(f"    measure: {problem.measure}")
    if number % 53 == 0:  # major: the five in place
        lines += ["    funds: 专项资金10万元", "    plan: 落实应急预案和临时防护措施"]
    lines.append(f"    deadline: {deadline}")
    history = [f"      - {{date: {found_on}, event: found}}"]
    if rng.random() < 0.85:
        fixed_on = found_on + timedelta(days=rng.randint(1, 120))
        status = "fixed"
        history.append(f"      - {{date: {fixed_on}, event: fixed}}")
        if rng.random() < 0.4:
            status = "verified"
            history.append(
                f"      - {{date: {fixed_on + timedelta(days=rng.randint(7, 40))}, event: verified}}"
            )
        lines += [
            f"    status: {status}",
            f"    fixed_on: {fixed_on}",
            f"    fix_note: {problem.fix_note}",
        ]
    else:
        lines.append("    status: open")
    lines += ["    history:", *history]
    if number % 500 == 1:
        lines.insert(0, f"  # —— 第{number // 500 + 1}批 ——")
    return "\n".join(lines) + "\n"


def ledger_text(count: int, campaign: str = "bench", seed: int = 1) -> str:
    rng = random.Random(seed)
    header = HEADER.format(campaign=campaign, areas=", ".join(CATALOGUE))
    return header + "".join(finding_text(rng, n) for n in range(1, count + 1))


def write(path: Path, count: int, seed: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ledger_text(count, path.stem, seed), encoding="utf-8")
    return path


if __name__ == "__main__":
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    write(Path(sys.argv[2]), int(sys.argv[1]), seed)
