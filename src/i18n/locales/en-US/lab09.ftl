# Lab 09's checks (src/grade/labs/lab09.rs).

check-09-runs = the lab runs every trial to completion, prints both tables and writes the chart
