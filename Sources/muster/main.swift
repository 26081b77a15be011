import MusterCore
print(Muster.version)
