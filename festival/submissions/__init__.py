"""Submissions: partner organisations answer a call for proposals; organisers review and decide."""
