import csv
import io
data = 'name,title,quote\n"Smith, John",CEO,"He said ""hi"""\nJane Doe,CTO,plain\n'
reader = csv.reader(io.StringIO(data))
for row in reader:
    print(row)
rows = list(csv.DictReader(io.StringIO(data)))
print(rows[0]["name"], "|", rows[0]["quote"])
out = io.StringIO()
w = csv.writer(out)
w.writerow(["a,b", 'c"d', 3])
print(repr(out.getvalue()))
