# `ipclab grade`의 강사용 점수표(src/grade/report.rs)와 `ipclab list`의 상태
# 열(src/grade/commands.rs).

table-lab = 실습
table-score = 점수
table-checks = 검사
table-time = 시간
table-failed-checks = 실패한 검사
table-total = 합계
list-does-not-build = 빌드 또는 실행 실패
list-passes = 통과
list-fails = 실패
