"""Support cases: each problem parcel the seller asked support about, stored in SQLite, with
the next step to take (:mod:`.model`, :mod:`.store`, :mod:`.next_step`)."""
