"""Survey views: answering (``answering``), published results (``published``)
and the organizers' admin screens (``admin``)."""
