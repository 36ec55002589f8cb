"""主题分类: Art. 20's list and the seed plan's own areas (docs/domain.md §2)."""

TOPICS = [
    ("org-functions", "机构职能", "机构设置、职能、联系方式"),
    ("regulations", "法规文件", "规章和规范性文件"),
    ("plans", "规划计划", "发展规划、工作计划"),
    ("statistics", "统计信息", "统计数据"),
    ("licensing", "行政许可", "行政许可与服务事项"),
    ("penalties", "行政处罚", "行政处罚与行政强制"),
    ("budget", "财政预决算", "财政预算、决算信息"),
    ("fees", "收费", "行政事业性收费的项目、依据、标准"),
    ("procurement", "政府采购", "政府集中采购项目"),
    ("major-projects", "重大建设项目", "重大建设项目的批准和实施"),
    ("livelihood", "扶贫等民生政策", "扶贫、教育、医疗、社会保障、促进就业"),
    ("emergency", "应急管理", "突发公共事件的应急预案、预警信息及应对"),
    ("supervision", "监督检查", "环境保护、公共卫生、安全生产等监督检查"),
    ("recruitment", "人事招考", "公务员招考的职位、名额、报考条件、录用结果"),
    ("decisions", "决策公开", "重大决策及其执行"),
    ("execution", "执行和结果公开", "工作措施、实施情况、落实结果"),
    ("interpretation", "政策解读与回应关切", "政策解读、舆情回应"),
    ("poverty", "精准脱贫", "精准脱贫攻坚相关政策与资金"),
    ("final-accounts", "预决算公开", "部门预算、决算及“三公”经费"),
    ("news", "新闻动态", "工作动态"),
    ("other", "其他", "其他依法应当主动公开的信息"),
]


def ensure_topics(Topic) -> int:
    """Create or update the standard topics (used by the migration and after a flush)."""
    for order, (code, name, description) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "order": order * 10}
        )
    return len(TOPICS)
