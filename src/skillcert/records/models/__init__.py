"""Models of the records app, one module a part (room records, papers, incidents, video,
complaints, supervision report, equipment, hand-over, archives); each is imported here so
Django finds it. Add your part's line, nothing else."""
