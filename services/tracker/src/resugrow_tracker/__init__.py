"""resugrow_tracker."""
