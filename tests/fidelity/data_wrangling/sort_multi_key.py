employees = [
    {"name": "Zoe", "dept": "eng", "salary": 120000, "age": 31},
    {"name": "Adam", "dept": "sales", "salary": 90000, "age": 45},
    {"name": "Maya", "dept": "eng", "salary": 120000, "age": 28},
    {"name": "Liam", "dept": "ops", "salary": 75000, "age": 38},
    {"name": "Ivy", "dept": "sales", "salary": 95000, "age": 29},
]
for e in sorted(employees, key=lambda e: (e["dept"], -e["salary"], e["name"])):
    print(f"{e['dept']:<6}{e['name']:<6}{e['salary']:>9,}")
oldest = max(employees, key=lambda e: e["age"])
print("oldest:", oldest["name"])
print([e["name"] for e in sorted(employees, key=lambda e: e["age"])[:2]])
