"""The SSDA903 import: a council's Header and Episodes files (the children-looked-after
return, as CSV) update the care-status intervals and placements of the contract's young
people, matched on their council child ID.

files.py reads the two files and episodes.py turns a child's episodes into periods in care
and placements (both pure, no database); check.py matches children to young people and plans
what changes; write.py writes it, all of it or nothing. The rules are in the README
("SSDA903 import"): one episode is a period with one placement code, and its DEC is the day
it ceased and the next began, so its last day is DEC minus one. Episodes with no day between
them make one period in care; consecutive ones with the same placement code (a change of
legal status only) make one placement. Short breaks (legal status V3, V4) are left out; a
temporary move (T0-T4) is in care but no placement.
"""
