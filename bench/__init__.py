"""Benchmarks (`make bench`): each prints its rate beside the floor it is compared with."""
