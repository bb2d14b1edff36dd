"""Feedback: session and event surveys answered by the people who were there, their results for
organisers and partners, and what they feed into the next edition's programme."""
