from budgetaudit.cli import main

main()
