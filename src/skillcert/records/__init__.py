"""The records an institution keeps: room records, incidents, video, complaints, archives (REC)."""
