import os.path
print(os.path.join("data", "2024", "file.csv"))
print(os.path.splitext("report.final.pdf"), os.path.basename("/a/b/c.txt"), os.path.dirname("/a/b/c.txt"))
print(os.path.split("/x/y"))
