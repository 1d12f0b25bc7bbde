"""Tools of the product team's loop: the screen catalogue (``make screens``) and its comparison."""
