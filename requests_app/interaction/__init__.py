"""Public messages (公众留言: 咨询 / 建议 / 投诉举报): filed on a public form, routed by the
Office to a department, answered within the bureau's limit, published with consent as a
问答选登 item that passes both reviews. See docs/interaction.md."""
