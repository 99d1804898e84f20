"""claimlab: the logic behind the teaching module on Russia, the Taliban and terrorist lists.

Data in ``data/`` is loaded and checked here (:mod:`claimlab.data`), rendered into
book pages (:mod:`claimlab.render`, :mod:`claimlab.sphinxext`), practised in the
exercises (:mod:`claimlab.exercises`) and summarised for instructors
(:mod:`claimlab.report`).
"""

__version__ = "1.0.0"
