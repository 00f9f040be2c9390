"""Coding and data-structure questions. Each topic: shared talking points, job terms, questions.

Question tuples: (level, text, extra talking points specific to that problem).
"""

COMMON_CODING_POINTS = ["clarifying questions about input and edge cases", "time and space complexity"]

CODING: dict[str, dict[str, object]] = {
    "arrays_hashing": {
        "terms": ["algorithms", "data structures", "hash map", "python"],
        "points": ["hash map or set for constant-time lookup"],
        "questions": [
            (
                "entry",
                "Given a list of integers and a target, return the indices of two numbers that add up to the target.",
                ["store each value's index while scanning once"],
            ),
            (
                "entry",
                "Decide whether any value appears more than once in an array.",
                ["set of seen values", "early exit"],
            ),
            (
                "entry",
                "Given two strings, decide whether one is a rearrangement of the other's letters.",
                ["character counts", "different lengths fail fast"],
            ),
            (
                "mid",
                "Group a list of words so that words made of the same letters end up together.",
                ["sorted letters or letter counts as the key"],
            ),
            (
                "mid",
                "Return the k values that occur most often in an array.",
                ["count then heap or bucket sort"],
            ),
            (
                "mid",
                "Find the length of the longest run of consecutive integers in an unsorted array in linear time.",
                ["only start counting at a run's first value"],
            ),
            (
                "mid",
                "For each position in an array, return the product of every other element without using division.",
                ["prefix and suffix products"],
            ),
            (
                "senior",
                "Count the subarrays whose sum equals a given value k, where values may be negative.",
                ["prefix sums with a count map"],
            ),
        ],
    },
    "two_pointers": {
        "terms": ["algorithms", "arrays", "two pointers"],
        "points": ["two indices moving toward each other or in the same direction"],
        "questions": [
            (
                "entry",
                "Check whether a string reads the same forwards and backwards, ignoring punctuation and case.",
                ["skip non-alphanumeric characters"],
            ),
            (
                "entry",
                "Merge two sorted arrays into one sorted array.",
                ["compare heads and advance the smaller"],
            ),
            (
                "mid",
                "Find all unique triples in an array whose values sum to zero.",
                ["sort first", "skip duplicates"],
            ),
            (
                "mid",
                "Given bar heights, choose two bars that hold the most water between them.",
                ["move the shorter side inward"],
            ),
            (
                "mid",
                "Remove duplicates from a sorted array in place and return the new length.",
                ["write pointer and read pointer"],
            ),
            (
                "senior",
                "Compute how much rain water is trapped between bars of given heights.",
                ["running max from both sides"],
            ),
        ],
    },
    "sliding_window": {
        "terms": ["algorithms", "sliding window", "strings"],
        "points": ["window that expands and shrinks", "state updated incrementally"],
        "questions": [
            (
                "entry",
                "Find the maximum sum of any k consecutive elements in an array.",
                ["add the new element and drop the old one"],
            ),
            (
                "mid",
                "Find the length of the longest substring without repeating characters.",
                ["last seen index of each character"],
            ),
            (
                "mid",
                "Given daily prices, find the best profit from one buy followed by one sell.",
                ["track the lowest price so far"],
            ),
            (
                "mid",
                "Find the longest substring you can turn into one repeated letter with at most k replacements.",
                ["window length minus most frequent count"],
            ),
            (
                "senior",
                "Find the smallest substring of s that contains every character of t, counting duplicates.",
                ["need and have counters"],
            ),
            (
                "senior",
                "Return the maximum of every window of size k as the window slides across an array.",
                ["monotonic deque"],
            ),
        ],
    },
    "stacks_queues": {
        "terms": ["data structures", "stack", "queue"],
        "points": ["last-in first-out stack behaviour"],
        "questions": [
            ("entry", "Decide whether a string of brackets is balanced.", ["push openers, match closers"]),
            (
                "mid",
                "Design a stack that also returns its minimum element in constant time.",
                ["second stack of minimums"],
            ),
            (
                "mid",
                "For each day's temperature, find how many days until a warmer one.",
                ["monotonic stack of indices"],
            ),
            (
                "mid",
                "Evaluate an arithmetic expression written in reverse Polish notation.",
                ["operands on a stack"],
            ),
            ("mid", "Implement a queue using only two stacks.", ["amortised constant time"]),
            (
                "senior",
                "Find the area of the largest rectangle that fits under a histogram.",
                ["monotonic stack", "width from previous smaller bar"],
            ),
        ],
    },
    "binary_search": {
        "terms": ["algorithms", "binary search"],
        "points": ["invariant on the low and high bounds", "logarithmic time"],
        "questions": [
            (
                "entry",
                "Find the position of a target value in a sorted array, or report that it is missing.",
                ["avoid overflow when computing the middle"],
            ),
            (
                "mid",
                "Find the smallest value in a sorted array that has been rotated at an unknown pivot.",
                ["compare the middle with the right end"],
            ),
            ("mid", "Search for a value in a rotated sorted array.", ["decide which half is sorted"]),
            (
                "mid",
                "Find the slowest eating speed that lets someone finish piles of bananas within h hours.",
                ["binary search on the answer"],
            ),
            (
                "senior",
                "Find the median of two sorted arrays in logarithmic time.",
                ["partition both arrays"],
            ),
            (
                "senior",
                "Given a timestamped key-value store, return the value for a key at or before a given time.",
                ["binary search within each key's history"],
            ),
        ],
    },
    "linked_lists": {
        "terms": ["data structures", "linked list"],
        "points": ["pointer updates and a dummy head node"],
        "questions": [
            ("entry", "Reverse a singly linked list.", ["previous, current and next pointers"]),
            ("entry", "Merge two sorted linked lists into one.", ["dummy head"]),
            ("mid", "Detect whether a linked list has a cycle.", ["slow and fast pointers"]),
            (
                "mid",
                "Remove the n-th node from the end of a linked list in one pass.",
                ["gap of n between two pointers"],
            ),
            (
                "mid",
                "Reorder a list L0, L1, ..., Ln into L0, Ln, L1, Ln-1 and so on.",
                ["find middle, reverse second half, weave"],
            ),
            (
                "senior",
                "Design a least-recently-used cache with constant-time get and put.",
                ["hash map plus doubly linked list", "eviction"],
            ),
            ("senior", "Merge k sorted linked lists efficiently.", ["min-heap of list heads"]),
        ],
    },
    "trees": {
        "terms": ["data structures", "binary tree", "recursion"],
        "points": ["recursive or iterative traversal", "base case for empty nodes"],
        "questions": [
            ("entry", "Return the maximum depth of a binary tree.", ["depth is one plus the deeper child"]),
            ("entry", "Mirror a binary tree by swapping every node's children.", ["swap then recurse"]),
            (
                "mid",
                "Check whether a binary tree is a valid binary search tree.",
                ["pass lower and upper bounds"],
            ),
            (
                "mid",
                "Return the values of a binary tree level by level.",
                ["breadth-first search with a queue"],
            ),
            (
                "mid",
                "Find the lowest common ancestor of two nodes in a binary search tree.",
                ["use the ordering to choose a side"],
            ),
            ("mid", "Find the k-th smallest value in a binary search tree.", ["in-order traversal"]),
            (
                "senior",
                "Serialize a binary tree to a string and rebuild it from that string.",
                ["null markers", "preorder"],
            ),
            (
                "senior",
                "Find the largest sum along any path in a binary tree.",
                ["gain through each node", "global best"],
            ),
        ],
    },
    "graphs": {
        "terms": ["algorithms", "graphs", "BFS", "DFS"],
        "points": ["graph representation as adjacency lists", "visited set"],
        "questions": [
            (
                "entry",
                "Count the islands in a grid of land and water cells.",
                ["flood fill from each unvisited land cell"],
            ),
            ("mid", "Make a deep copy of a connected undirected graph.", ["map from old node to new node"]),
            (
                "mid",
                "Given course prerequisites, decide whether all courses can be finished.",
                ["topological sort", "cycle detection"],
            ),
            (
                "mid",
                "Find how many minutes it takes for rot to spread to every orange in a grid.",
                ["multi-source BFS"],
            ),
            ("mid", "Count the connected components in an undirected graph.", ["union-find or DFS"]),
            (
                "senior",
                "Find the shortest transformation sequence from one word to another, changing one letter at a time.",
                ["BFS over wildcard patterns"],
            ),
            (
                "senior",
                "Compute the time for a signal to reach every node in a weighted network.",
                ["Dijkstra with a heap"],
            ),
            (
                "senior",
                "Given a sorted list of words in an alien language, recover the order of its letters.",
                ["edges from first differing letters", "topological order"],
            ),
        ],
    },
    "heaps": {
        "terms": ["data structures", "heap", "priority queue"],
        "points": ["heap of size k", "logarithmic push and pop"],
        "questions": [
            ("entry", "Find the k-th largest element in an array.", ["min-heap of size k or quickselect"]),
            ("mid", "Return the k points closest to the origin.", ["max-heap of size k"]),
            (
                "mid",
                "Schedule tasks with a cooling period between identical tasks and return the minimum time.",
                ["most frequent task drives idle slots"],
            ),
            ("senior", "Maintain the median of a stream of numbers.", ["two heaps balanced in size"]),
            (
                "senior",
                "Design a feed that returns the ten most recent posts from the people a user follows.",
                ["merge per-user lists with a heap"],
            ),
        ],
    },
    "dynamic_programming": {
        "terms": ["algorithms", "dynamic programming", "recursion"],
        "points": ["state definition and recurrence", "memoisation or bottom-up table"],
        "questions": [
            (
                "entry",
                "Count the distinct ways to climb n stairs taking one or two steps at a time.",
                ["Fibonacci-like recurrence"],
            ),
            (
                "mid",
                "Find the fewest coins needed to make an amount from given denominations.",
                ["unbounded knapsack"],
            ),
            (
                "mid",
                "Find the length of the longest strictly increasing subsequence.",
                ["patience sorting for n log n"],
            ),
            (
                "mid",
                "Rob houses along a street without robbing two neighbours; maximise the loot.",
                ["take or skip each house"],
            ),
            (
                "mid",
                "Decide whether a string can be split into words from a dictionary.",
                ["prefix reachable table"],
            ),
            (
                "senior",
                "Compute the edit distance between two strings.",
                ["two-dimensional table", "insert delete replace"],
            ),
            (
                "senior",
                "Count the ways to decode a string of digits where 1 is A and 26 is Z.",
                ["one- and two-digit steps", "zeros"],
            ),
            ("senior", "Find the longest common subsequence of two strings.", ["table over both prefixes"]),
        ],
    },
    "intervals": {
        "terms": ["algorithms", "sorting", "intervals"],
        "points": ["sort by start time"],
        "questions": [
            ("entry", "Merge overlapping intervals in a list.", ["extend the last merged interval"]),
            (
                "mid",
                "Insert a new interval into a sorted list of non-overlapping intervals.",
                ["three phases: before, overlap, after"],
            ),
            (
                "mid",
                "Find the minimum number of meeting rooms needed for a list of meetings.",
                ["heap of end times or sweep line"],
            ),
            ("mid", "Remove the fewest intervals so the rest do not overlap.", ["greedy by earliest end"]),
        ],
    },
    "strings_design": {
        "terms": ["data structures", "trie", "strings", "object-oriented design"],
        "points": ["choice of data structure and its operations"],
        "questions": [
            (
                "mid",
                "Implement a trie that supports insert, search and prefix search.",
                ["children map per node", "end-of-word flag"],
            ),
            (
                "mid",
                "Design a rate limiter class that allows at most n calls per user per minute.",
                ["sliding window or token bucket"],
            ),
            (
                "mid",
                "Write a function that encodes a list of strings into one string and decodes it back.",
                ["length prefix"],
            ),
            (
                "senior",
                "Find every word from a dictionary that can be traced on a grid of letters.",
                ["trie plus backtracking", "pruning"],
            ),
            (
                "senior",
                "Design an in-memory file system with mkdir, ls, and reading and writing files.",
                ["tree of directories", "path parsing"],
            ),
        ],
    },
}
