"""What the inspection commission and auditors take away: case files and inspection reports."""
