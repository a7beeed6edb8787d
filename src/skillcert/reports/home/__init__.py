"""The institution's home page (issue 13): its to-dos, the state of each sitting as a stage
strip, registrations and passes per month as a chart, and the links of the old page."""
