"""Consultations on draft decisions (意见征集): a draft item published for comment between two
dates, the public's comments, the staff's decision on each, and the feedback report
(采纳情况说明), itself an item that passes both reviews."""
