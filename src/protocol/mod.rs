//! The session protocol of ITU-T X.225 / ISO 8327-1 (connection-oriented), sans-IO.
