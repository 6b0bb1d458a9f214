-- The web app's own database (coordinators' data, insights, idéskiss drafts) beside Rasa's "rasa" database.
CREATE DATABASE fondassistenten OWNER fond;
