from budgetaudit.launch import main

main()
