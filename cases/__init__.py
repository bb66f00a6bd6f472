"""The domain app: municipalities, staff, households, applications, cases, decisions, fee rules."""
