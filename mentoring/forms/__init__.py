"""Forms for the mentoring pages: mentors, their training and supervision (mentors.py);
mentees referred, matches, goals, reviews, appointments and closing (matches.py). What they
share with every record form (the owner from the URL, given references, today's date,
limits said beside each field) is contracts.records.record_form's."""
