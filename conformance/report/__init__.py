"""What a run leaves behind: results.json first, then the HTML report, the certificate and the terminal table."""
