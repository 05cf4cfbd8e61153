"""The provider's screens for a contract's records, a module for each thing they serve: young
people and what is recorded about them (young_people), sessions and their register
(sessions), initiatives (initiatives) and additional funding (funding); what they share is in
common.

Every view starts with contract_for_records(request, pk) (provider staff and administrators;
a commissioner gets 403, another organisation 404), and fetches any record named in the URL
from that contract's own records, so another contract's record answers 404 too.
"""
