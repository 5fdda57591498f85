# The instructor's score table of `ipclab grade` (src/grade/report.rs) and
# the status column of `ipclab list` (src/grade/commands.rs).

table-lab = lab
table-score = score
table-checks = checks
table-time = time
table-failed-checks = failed checks
table-total = total
list-does-not-build = does not build or run
list-passes = passes
list-fails = fails
