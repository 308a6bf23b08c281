//! Subscriptions over multipart/mixed HTTP responses (Apollo's subscription protocol).
