from decimal import Decimal

from django import forms

from .models import AnnualReport


class ReportFiguresForm(forms.ModelForm):
    """Table 二's staff-entered figures and the texts of sections 一, 五 and 六."""

    fees_amount_10k_yuan = forms.DecimalField(
        label="行政事业性收费本年收费金额（万元）",
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=4,
        error_messages={
            "invalid": "请输入金额（万元），最多4位小数",
            "min_value": "收费金额不能为负数",
            "max_decimal_places": "最多4位小数",
            "required": "请填写收费金额，没有收费填0",
        },
    )

    class Meta:
        model = AnnualReport
        fields = [
            "licensing_decisions",
            "penalty_decisions",
            "enforcement_decisions",
            "fees_amount_10k_yuan",
            "overview",
            "problems",
            "other_matters",
        ]
        widgets = {
            "overview": forms.Textarea(attrs={"rows": 8}),
            "problems": forms.Textarea(attrs={"rows": 6}),
            "other_matters": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "other_matters": "信息处理费的收取情况由系统根据收费通知自动计算并列在本节开头，此处填写其他事项。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("licensing_decisions", "penalty_decisions", "enforcement_decisions"):
            self.fields[name].error_messages.update(
                {
                    "invalid": "请输入非负整数",
                    "min_value": "数量不能为负数",
                    "required": "请填写数量，没有填0",
                }
            )
