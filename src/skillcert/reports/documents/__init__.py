"""The documents an institution sends its authority (REC-08, CERT-08; 002 §6–§8, §26; 003 §20),
one module a document: the 鉴定申请表 with its 花名册 (application), the 任务通知 (notice),
the sitting's 总结报告 (summary), the 年度报告 (yearly) and the quarterly 定期统计表
(periodic). Figures come from aggregate queries in `figures`; `word` renders the Word files."""
