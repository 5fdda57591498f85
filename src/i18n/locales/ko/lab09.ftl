# 실습 09의 검사(src/grade/labs/lab09.rs).

check-09-runs = 실습이 모든 시행을 끝까지 치르고, 두 표를 출력하고, 차트를 씁니다
