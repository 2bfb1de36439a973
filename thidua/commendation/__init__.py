"""Commendation (khen thưởng) under Law 06/2022/QH15: catalogue, eligibility, council voting.

This package starts with its pure core (no database): :mod:`.catalogue` (codes, rule sets
versioned by effective date, settings), :mod:`.eligibility` (the engine that explains
itself), :mod:`.whatif` (its JSON boundary), :mod:`.selection` (quotas and tie-break) and
:mod:`.council` (vote counting). Sources: ``shared/domain/RULES.md`` §1–3.
"""
